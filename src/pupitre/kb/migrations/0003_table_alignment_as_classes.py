"""Aligned table columns of stored articles: a class instead of an inline
style, which the pages' Content-Security-Policy does not allow."""

import re

from django.db import migrations

ALIGN_STYLE = re.compile(r'style="text-align:(left|center|right)"')


def forwards(apps, schema_editor):
    Article = apps.get_model("kb", "Article")
    for article in Article.objects.filter(body_html__contains='style="text-align:').iterator():
        article.body_html = ALIGN_STYLE.sub(r'class="align-\1"', article.body_html)
        article.save(update_fields=["body_html"])


class Migration(migrations.Migration):
    dependencies = [("kb", "0002_search_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
