"""Markdown rendering and sanitising (pure)."""

from pupitre.kb.markdown import plain_text, render


def test_a_script_in_markdown_never_reaches_the_html():
    html = render("Hello <script>alert('x')</script>\n\n<img src=x onerror=alert(1)>")
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


def test_javascript_links_are_dropped_and_others_get_a_safe_rel():
    html = render(
        "[bad](javascript:alert(1)) ![x](javascript:alert(2)) [good](https://example.org/a)"
    )
    assert 'href="javascript' not in html and 'src="javascript' not in html
    assert 'href="https://example.org/a"' in html
    assert 'rel="noopener noreferrer"' in html


def test_top_headings_become_h2_so_the_title_stays_the_only_h1():
    html = render("# Steps\n\n## Details\n\n###### Deep")
    assert "<h1" not in html
    assert "<h2>Steps</h2>" in html and "<h3>Details</h3>" in html and "<h6>Deep</h6>" in html
    assert "<h2>Checks</h2>" in render("## Checks\n\n### First")


def test_lists_tables_and_images_are_kept():
    html = render(
        "1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![Ports](/kb/files/1/p.png)"
    )
    assert "<ol>" in html and "<table>" in html
    assert '<img src="/kb/files/1/p.png" alt="Ports">' in html


def test_plain_text_has_one_line_per_block_and_no_markup():
    text = plain_text(render("# Title\n\nFirst **bold** line.\n\n- item & more"))
    assert text.splitlines() == ["Title", "First bold line.", "item & more"]


def test_aligned_table_columns_get_a_class_not_an_inline_style():
    html = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |")
    assert '<td class="align-left">1</td>' in html
    assert '<td class="align-center">2</td>' in html
    assert '<th class="align-right">c</th>' in html
    assert "style=" not in html


def test_stored_articles_get_their_aligned_columns_as_classes(db, agent_fr):
    from importlib import import_module

    from django.apps import apps

    from pupitre.kb.models import Article

    from ..factories import make_article

    migration = import_module("pupitre.kb.migrations.0003_table_alignment_as_classes")
    article = make_article(agent_fr, title="Tableau", body="x")
    Article.objects.filter(pk=article.pk).update(
        body_html='<table><tr><td style="text-align:right">3</td></tr></table>'
    )
    migration.forwards(apps, None)
    article.refresh_from_db()
    assert article.body_html == '<table><tr><td class="align-right">3</td></tr></table>'
