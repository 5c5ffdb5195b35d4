"""The HTML of a received mail: nothing in it runs or loads, and its text reads well."""

import re

import pytest

from pupitre.mail.html import has_remote_images, html_to_text, sanitize_html
from pupitre.mail.parsing import parse_mail

from .conftest import make_mail

REMOTE = "https://tracker.example.net/"


@pytest.mark.parametrize(
    "markup",
    [
        f'<img src="{REMOTE}pixel.gif" width="1" height="1">',
        f'<img srcset="{REMOTE}a.png 1x, {REMOTE}b.png 2x">',
        f'<table background="{REMOTE}bg.png"><tr><td>x</td></tr></table>',
        f'<div style="background:url({REMOTE}bg.png)">x</div>',
        f'<link rel="stylesheet" href="{REMOTE}style.css">',
        f"<style>@import url({REMOTE}style.css); body {{ color: red }}</style>",
        f'<base href="{REMOTE}">',
        f'<meta http-equiv="refresh" content="0; url={REMOTE}">',
        f'<iframe src="{REMOTE}frame.html"></iframe>',
        f'<video poster="{REMOTE}poster.png" src="{REMOTE}v.mp4"></video>',
        f'<object data="{REMOTE}x.swf"></object><embed src="{REMOTE}x.swf">',
        f'<form action="{REMOTE}login"><input name="password"></form>',
        f'<svg><image href="{REMOTE}a.png"/></svg>',
        f'<a href="/relative">relative</a><img src="{REMOTE.replace("https:", "")}x.png">',
    ],
)
def test_nothing_is_loaded_from_elsewhere(markup):
    cleaned = sanitize_html(markup)
    # A remote image keeps its address only where no browser looks.
    loadable = re.sub(r'data-remote-src="[^"]*"', "", cleaned)
    assert "tracker.example.net" not in loadable
    assert "/relative" not in cleaned


def test_a_remote_image_keeps_its_address_to_be_loaded_on_request():
    cleaned = sanitize_html(
        f'<p><IMG alt="Logo" SRC={REMOTE}logo.png onerror="alert(1)">'
        '<img data-remote-src="javascript:alert(1)"><img src="http:/x"></p>'
    )
    assert cleaned == f'<p><img alt="Logo" data-remote-src="{REMOTE}logo.png"><img><img></p>'
    assert has_remote_images(cleaned)
    assert not has_remote_images(sanitize_html('<img src="cid:a@b">'))


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<img src="cid:a@b" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<body onload="alert(1)">x</body>',
        "<svg><script>alert(1)</script></svg>",
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    ],
)
def test_nothing_runs(markup):
    cleaned = sanitize_html(markup).lower()
    assert "<script" not in cleaned and "onerror" not in cleaned and "onload" not in cleaned
    assert "javascript:" not in cleaned and "data:text" not in cleaned


def test_images_of_the_mail_itself_and_ordinary_links_are_kept():
    cleaned = sanitize_html(
        '<p><img src="cid:image001.png@01DC" alt="Logo"> <img src="data:image/png;base64,iVBO">'
        ' <a href="https://www.enseignement.be/">site</a> <a href="mailto:a@b.be">mail</a></p>'
    )
    assert 'src="cid:image001.png@01DC"' in cleaned
    assert 'src="data:image/png;base64,iVBO"' in cleaned
    assert 'href="https://www.enseignement.be/"' in cleaned and 'href="mailto:a@b.be"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_html_text_has_blocks_lists_quotes_and_link_addresses():
    text = html_to_text(
        "<html><head><title>Newsletter</title><style>p{}</style></head><body>"
        "<p>Bonjour,</p><p>voici la liste :</p><ul><li>projecteur</li><li>tablette</li></ul>"
        '<p>Voir <a href="https://www.enseignement.be/">le portail</a>.</p>'
        "<blockquote><p>Question précédente</p></blockquote><p>Fin&nbsp;!</p></body></html>"
    )
    assert text == (
        "Bonjour,\n\nvoici la liste :\n\n- projecteur\n- tablette\n\n"
        "Voir le portail <https://www.enseignement.be/>.\n\n> Question précédente\n\nFin !"
    )


def test_outlook_paragraphs_are_single_lines():
    text = html_to_text(
        '<p class="MsoNormal">Guten Tag,</p><p class="MsoNormal">&nbsp;</p>'
        '<p class="MsoNormal">der Drucker geht.</p>'
    )
    assert text == "Guten Tag,\n\nder Drucker geht."


def test_lone_surrogates_do_not_break_the_sanitiser():
    assert sanitize_html("<p>a\ud800b</p>") == "<p>a\ufffdb</p>"


def test_text_after_an_embed_is_kept():
    markup = '<p>Erster Absatz.</p><embed src="cid:x"><p>Zweiter Absatz.</p>'
    assert html_to_text(markup) == "Erster Absatz.\n\nZweiter Absatz."
    assert sanitize_html(markup) == "<p>Erster Absatz.</p><p>Zweiter Absatz.</p>"


def test_elements_whose_end_tag_never_comes_end_with_their_parent():
    text = html_to_text(
        "<html><head><title>Lettre<body><table><tr><td><blockquote>citation"
        "<td><font color=red>rouge<tr><td><object data=x.swf>contenu de repli"
        "</table><p>après le tableau"
    )
    assert text == "> citation\n\nrouge\ncontenu de repli\n\naprès le tableau"


def test_noscript_and_object_fallback_text_is_shown_as_a_mail_client_shows_it():
    markup = "<noscript>Version texte</noscript><object data='x.swf'>Repli</object>"
    assert html_to_text(markup) == "Version texteRepli"
    assert sanitize_html(markup) == "Version texteRepli"


def test_a_flat_newsletter_of_a_thousand_rows_keeps_its_html():
    rows = "".join(
        f'<tr><td><font face="Arial">Zeile {n}<embed src="cid:x"><img src="cid:y">'
        f'<svg width="8"><circle r="4"/></svg></td></tr>'
        for n in range(1_000)
    )
    cleaned = sanitize_html(f"<table>{rows}</table>")
    assert cleaned.startswith('<table><tbody><tr><td>Zeile 0<img src="cid:y"></td></tr>')
    assert cleaned.count("<tr>") == 1_000
    assert re.findall(r"Zeile \d+", cleaned) == [f"Zeile {n}" for n in range(1_000)]


def test_a_one_megabyte_html_mail_keeps_all_its_text():
    rows = [f"Ligne {n} du bulletin" for n in range(25_000)]
    markup = "<table>" + "".join(
        f"<tr><td><font size=2>{row}<img src='cid:logo'><td><b>détail<embed src='cid:film'>"
        for row in rows
    )
    assert len(markup) > 1_000_000
    parsed = parse_mail(make_mail(body="", html=markup))
    assert parsed.text.splitlines() == [f"{row} détail" for row in rows]
    assert re.findall(r"Ligne \d+ du bulletin", parsed.html) == rows
    assert parsed.html.count("<tr><td>Ligne ") == len(rows)  # shown as the table it is


def test_a_hostile_depth_is_shown_as_text_with_all_of_it():
    markup = "<div>" * 100_000 + "au fond" + "<blockquote>" * 2_000 + "cité"
    markup += "<ul><li>" * 2_000 + "liste"
    cleaned = sanitize_html(markup)
    assert cleaned.startswith("au fond<br>")
    # Quotes and lists that deep are written at 32 levels: the text stays.
    assert "<br>\n" + "&gt; " * 32 + "cité<br>\n" in cleaned
    assert cleaned.endswith("<br>\n" + "&gt; " * 32 + "- liste")
