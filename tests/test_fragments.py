"""The HTML built in Python escapes what it shows, as templates would."""

from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from hypothesis import assume, example, given
from hypothesis import strategies as st

from pupitre.web.fragments import esc, options_html, paragraphs_html


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
    # Line breaks of every kind, often: the cases that matter here.
    | st.text(alphabet="ab <&'\"\n\r", max_size=40)
)
@example("Bonjour,\n\nle projecteur <b>ne démarre</b> plus.\r\nMerci & à bientôt")
@example("\n\r")
def test_paragraphs_are_what_the_linebreaks_filter_writes(text):
    assert paragraphs_html(text) == linebreaks(text, autoescape=True)


def test_text_and_attributes_are_escaped():
    assert esc("<script>\"x\" & 'y'</script>") == (
        "&lt;script&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/script&gt;"
    )
    assert esc(mark_safe("<b>ok</b>")) == "<b>ok</b>"


def test_options_mark_the_selected_value_and_escape_labels():
    html = options_html([("1", "Équipe <FR>"), ("2", 'Team "DE"')], "2")
    assert html == (
        '<option value="1">Équipe &lt;FR&gt;</option>'
        '<option value="2" selected>Team &quot;DE&quot;</option>'
    )


def test_filter_fields_escape_values_and_keep_labels_tied_to_controls():
    from pupitre.desk.presenters import PlainField
    from pupitre.web.fragments import filter_fields_html

    html = filter_fields_html(
        [
            PlainField("q", "Numéro ou objet", '"><script>', None),
            PlainField("team", "Équipe", "2", [("", "Toutes"), ("2", "Support DE")]),
        ]
    )
    assert '<label for="id_q">Numéro ou objet</label>' in html
    assert 'value="&quot;&gt;&lt;script&gt;"' in html and "<script>" not in html
    assert '<select name="team" id="id_team">' in html
    assert '<option value="2" selected>Support DE</option>' in html


def test_language_switcher_names_each_language_in_itself():
    from pupitre.web.fragments import language_switcher_html

    html = language_switcher_html(
        action="/language/", csrf_token="tok", next_url='/portal/?q="x"', current="de"
    )
    assert 'lang="de" aria-current="true" title="Deutsch"' in html
    assert 'lang="fr" title="Français"' in html
    assert 'name="next" value="/portal/?q=&quot;x&quot;"' in html
    assert 'name="csrfmiddlewaretoken" value="tok"' in html


values = st.one_of(
    st.text(alphabet="ab <>&'\"{}%", max_size=20),
    st.text(alphabet="ab <>&'\"{}%", max_size=20).map(mark_safe),
    st.integers(),
)


@given(st.lists(values, max_size=4), st.dictionaries(st.sampled_from("xyz"), values, max_size=3))
def test_format_html_writes_what_djangos_writes(args, kwargs):
    from django.utils import html as django_html

    from pupitre.web.fragments import format_html

    assume(args or kwargs)  # Django warns without any
    template = "<p>" + "{}|" * len(args) + "".join(f'<a title="{{{k}}}">' for k in kwargs)
    assert format_html(template, *args, **kwargs) == django_html.format_html(
        template, *args, **kwargs
    )
    assert isinstance(format_html(template, *args, **kwargs), SafeString)


def test_joined_parts_are_escaped_unless_safe():
    from pupitre.web.fragments import join

    assert join(["<i>", mark_safe("<b>"), 3], mark_safe("<br>")) == "&lt;i&gt;<br><b><br>3"


def test_prefilled_labels_are_escaped_and_leave_the_other_fields():
    from pupitre.web.fragments import format_html, prefill

    row = prefill('<td data-label="{label}">{value}</td>', label='Objet "{x}" <i>')
    assert row == '<td data-label="Objet &quot;{{x}}&quot; &lt;i&gt;">{value}</td>'
    assert format_html(row, value="{y}") == (
        '<td data-label="Objet &quot;{x}&quot; &lt;i&gt;">{y}</td>'
    )


def test_language_switcher_escapes_the_language_codes(monkeypatch):
    from pupitre.web import fragments

    monkeypatch.setattr(fragments, "_ENDONYMS", [('x"><script>alert(1)</script>', "X")])
    html = fragments.language_switcher_html(action="/l/", csrf_token="t", next_url="/", current="")
    assert "<script>" not in html
    assert 'value="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert 'title="X">X&quot;&gt;&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;</button>' in html
