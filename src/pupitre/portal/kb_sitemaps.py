"""sitemap.xml: every public, published article, with its other languages
as alternates."""

from dataclasses import dataclass, field

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from pupitre.kb.queries import articles_visible_to


@dataclass
class ArticleGroup:
    """The public translations of one article: language -> (slug, last change)."""

    key: str
    versions: dict = field(default_factory=dict)


class ArticleSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"

    def items(self):
        groups: dict[str, ArticleGroup] = {}
        for key, language, slug, updated in (
            articles_visible_to(None)
            .order_by("translation_key", "language")
            .values_list("translation_key", "language", "slug", "updated_at")
        ):
            group = groups.setdefault(str(key), ArticleGroup(key=str(key)))
            group.versions[language] = (slug, updated)
        return list(groups.values())

    def get_languages_for_item(self, item):
        return list(item.versions)

    def location(self, item):
        slug, _updated = item.versions[translation.get_language()]
        return reverse("kb:article", args=[slug])

    def lastmod(self, item):
        return max(updated for _slug, updated in item.versions.values())
