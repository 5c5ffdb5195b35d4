"""The iCalendar writer: RFC 5545 text values, folding and the fields a
phone calendar needs to follow changes and cancellations."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pupitre.onsite.icalendar import CalendarEvent, calendar_text, escape_text, fold, unfold

BRUSSELS = ZoneInfo("Europe/Brussels")
STAMP = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def event(**fields) -> CalendarEvent:
    values = {
        "uid": "intervention-7@pupitre.example",
        "sequence": 3,
        "start": datetime(2026, 12, 8, 9, 0, tzinfo=BRUSSELS),
        "end": datetime(2026, 12, 8, 10, 30, tzinfo=BRUSSELS),
        "summary": "Athénée royal de Namur — Namur",
    }
    values.update(fields)
    return CalendarEvent(**values)


def properties(text: str) -> list[tuple[str, str]]:
    return [tuple(line.split(":", 1)) for line in unfold(text)]


def test_a_feed_is_a_calendar_of_events_with_crlf_line_ends():
    text = calendar_text([event()], name="Tom", stamp=STAMP)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    props = dict(properties(text))
    assert props["UID"] == "intervention-7@pupitre.example"
    assert props["SEQUENCE"] == "3"
    assert props["STATUS"] == "CONFIRMED"
    assert props["DTSTAMP"] == "20261207T120000Z"


def test_times_are_written_in_utc_across_the_daylight_saving_switch():
    winter = event(
        start=datetime(2026, 3, 27, 9, 0, tzinfo=BRUSSELS),
        end=datetime(2026, 3, 27, 10, 0, tzinfo=BRUSSELS),
    )
    summer = event(
        start=datetime(2026, 3, 30, 9, 0, tzinfo=BRUSSELS),
        end=datetime(2026, 3, 30, 10, 0, tzinfo=BRUSSELS),
    )
    starts = [
        value
        for name, value in properties(calendar_text([winter, summer], name="x", stamp=STAMP))
        if name == "DTSTART"
    ]
    assert starts == ["20260327T080000Z", "20260330T070000Z"]


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError):
        calendar_text([event(start=datetime(2026, 12, 8, 9, 0))], name="x", stamp=STAMP)  # noqa: DTZ001


def test_a_cancelled_intervention_stays_in_the_feed_marked_cancelled():
    text = calendar_text([event(cancelled=True, sequence=5)], name="x", stamp=STAMP)
    props = dict(properties(text))
    assert props["STATUS"] == "CANCELLED"
    assert props["SEQUENCE"] == "5"


def test_text_values_escape_commas_semicolons_backslashes_and_new_lines():
    text = calendar_text(
        [event(description="Écran; câble, HDMI\\VGA\nsalle 12", location="Rue 1, 5000 Namur")],
        name="x",
        stamp=STAMP,
    )
    props = dict(properties(text))
    assert props["DESCRIPTION"] == "Écran\\; câble\\, HDMI\\\\VGA\\nsalle 12"
    assert unescape(props["LOCATION"]) == "Rue 1, 5000 Namur"


def test_geo_position_is_written_when_known():
    text = calendar_text([event(geo=(50.4669, 4.8675))], name="x", stamp=STAMP)
    assert dict(properties(text))["GEO"] == "50.466900;4.867500"


@given(st.text(min_size=0, max_size=400))
def test_escaping_then_unescaping_gives_the_text_back(value):
    expected = value.replace("\r\n", "\n").replace("\r", "\n")
    assert unescape(escape_text(value)) == expected


LINE_TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n")


@given(st.text(alphabet=LINE_TEXT, max_size=500))
def test_folded_lines_have_at_most_75_octets_and_unfold_to_the_original(value):
    line = "DESCRIPTION:" + value
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert unfold(folded + "\r\n") == [line]


def test_a_long_summary_in_german_is_folded_without_cutting_a_letter():
    summary = "Städtische Grundschule Eupen — Überprüfung der Beamer in allen Klassenräumen " * 3
    text = calendar_text([event(summary=summary)], name="x", stamp=STAMP)
    raw = text.encode("utf-8")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # every physical line is valid UTF-8 on its own
    assert dict(properties(text))["SUMMARY"] == escape_text(summary)


def test_events_keep_their_order_and_each_has_an_end_after_its_start():
    first = event(uid="a@x")
    second = event(
        uid="b@x",
        start=first.start + timedelta(days=1),
        end=first.end + timedelta(days=1),
    )
    text = calendar_text([first, second], name="x", stamp=STAMP)
    uids = [value for name, value in properties(text) if name == "UID"]
    assert uids == ["a@x", "b@x"]
