"""Demo knowledge base: the articles of `pupitre.kb.demo_articles`, written
through the kb services by the demo agents, plus a month of readers' views,
feedback and requests solved by an article (for the report)."""

import random
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from pupitre.accounts.models import User
from pupitre.equipment.models import DeviceModel
from pupitre.kb import services
from pupitre.kb.demo_articles import ARTICLES
from pupitre.kb.models import Article, ArticleDailyViews, ArticleFeedback, Deflection, Visibility
from pupitre.schools.models import School

FEEDBACK_COMMENTS = {
    "de": [
        "Genau das hat gefehlt, danke!",
        "Schritt 3 war bei uns anders, aber es hat geklappt.",
        "Ein Foto der Anschlüsse wäre hilfreich.",
    ],
    "fr": [
        "Merci, c'était exactement ça.",
        "L'étape 2 n'existe pas sur notre modèle.",
        "Une photo des prises aiderait.",
    ],
}
DEFLECTED_TEXTS = {
    "de": ["Display zeigt kein Bild", "WLAN Passwort geht nicht", "Beamer kein Signal"],
    "fr": ["Le tableau ne réagit plus", "mot de passe oublié", "projecteur pas d'image"],
}


def load_knowledge_base(
    *, authors: dict[str, User], members: dict[School, list[User]], rng: random.Random
) -> int:
    """Create the demo articles and their readers' figures; returns how many
    language versions."""
    created = load_articles(authors=authors)
    _readers(created, members, rng)
    return len(created)


def load_articles(*, authors: dict[str, User]) -> list[Article]:
    """The demo articles, published (the search evaluation set needs them)."""
    models = {str(model): model for model in DeviceModel.objects.all()}
    created: list[Article] = []
    for item in ARTICLES:
        first = None
        for language in ("de", "fr"):
            version = getattr(item, language)
            if version is None:
                continue
            values = {
                "author": authors[language],
                "language": language,
                "title": version.title,
                "summary": version.summary,
                "body": version.body,
                "publish": language not in item.drafts,
            }
            if first is None:
                first = services.article_create(
                    **values,
                    kind=item.kind,
                    visibility=Visibility.INTERNAL if item.internal else Visibility.PUBLIC,
                    categories=item.categories,
                    device_models=[models[name] for name in item.models if name in models],
                    translation_key=item.translation_key,
                )
                created.append(first)
            else:
                created.append(services.article_create(**values, translation_of=first))
    return created


def _readers(articles: list[Article], members: dict[School, list[User]], rng) -> None:
    """A month of views, some feedback and a few deflections."""
    today = timezone.localdate()
    public = [a for a in articles if a.visibility == Visibility.PUBLIC and a.is_published]
    views = [
        ArticleDailyViews(article=article, day=today - timedelta(days=day), count=rng.randint(0, 9))
        for article in public
        for day in range(30)
        if rng.random() < 0.6
    ]
    ArticleDailyViews.objects.bulk_create(views)
    ArticleDailyViews.objects.filter(count=0).update(count=F("count") + 1)
    now = timezone.now()
    feedback = []
    for article in public:
        for _ in range(rng.randint(0, 4)):
            helpful = rng.random() < 0.75
            comment = ""
            if rng.random() < 0.3:
                comment = rng.choice(FEEDBACK_COMMENTS[article.language])
            feedback.append(
                ArticleFeedback(
                    article=article,
                    helpful=helpful,
                    comment=comment,
                    created_at=now - timedelta(hours=rng.randint(1, 24 * 28)),
                )
            )
    ArticleFeedback.objects.bulk_create(feedback)
    deflections = []
    schools = [school for school, users in members.items() if users]
    for _ in range(24):
        school = rng.choice(schools)
        candidates = [a for a in public if a.language == school.language]
        deflections.append(
            Deflection(
                user=rng.choice(members[school]),
                school=school,
                article=rng.choice(candidates),
                text=rng.choice(DEFLECTED_TEXTS[school.language]),
                created_at=now - timedelta(hours=rng.randint(1, 24 * 28)),
            )
        )
    Deflection.objects.bulk_create(deflections)
