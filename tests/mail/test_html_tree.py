"""The depth of an HTML document is the one a browser's parser builds: void,
self-closing foreign and implicitly closed elements do not pile up."""

import pytest

from pupitre.core.html_tree import depth

ROWS = 1_000


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # <table> <tbody> <tr> <td> <font>: the row's end closes the font.
        ("<table>" + "<tr><td><font face=Arial>row</td></tr>" * ROWS + "</table>", 5),
        # No end tag at all: each <tr> closes the row before it.
        ("<table>" + '<tr><td><font>row<embed src="cid:x"><img src="cid:y">' * ROWS, 5),
        ('<div><svg><circle r="1"/><g><rect/></g></svg></div>' * ROWS, 3),
        ("<p>one<p>two<p>three" * ROWS, 1),
        ("<ul>" + "<li>item" * ROWS + "</ul>", 2),
        ("<ol><li>a<ul><li>b<li>c</ul><li>d</ol>", 4),
        ("<dl>" + "<dt>term<dd>definition" * ROWS + "</dl>", 2),
        ("<select>" + "<option>choice" * ROWS + "</select>", 2),
        ('<a href="https://a.example/">a' * ROWS, 1),
        ("<h1>title<h2>subtitle<h3>part", 1),
        ("<br/><hr/><input/><wbr><source><track><param><keygen><col><area>" * ROWS, 0),
        ("<p>a <b>bold <i>both</p><p>plain</p>" * ROWS, 3),
        ("<td>a cell outside any table</td>" * ROWS, 0),
        ("<table><tr><td>outer<table><tr><td>inner</td></tr></table></td></tr></table>", 8),
        ("<svg><g><div>HTML inside SVG ends it</div>" * ROWS, 2),
        ("<title>never closed<p>text</p>", 1),
    ],
)
def test_elements_nest_as_a_browser_builds_them(markup, expected):
    assert depth(markup, 10_000) == expected


def test_unclosed_elements_that_a_browser_nests_are_counted():
    assert depth("<div>" * 1_500, 10_000) == 1_500
    # Formatting elements left open outside any block nest in a browser too.
    assert depth("<font>x" * 1_500, 10_000) == 1_500
    assert depth("<blockquote><div>" * 750, 10_000) == 1_500


def test_reading_stops_past_the_limit():
    assert depth("<div>" * 100_000, 1_000) == 1_001
