"""MeshCentral's relay events read as plain values (shapes of meshrelay.js)."""

from datetime import UTC, datetime, timedelta

from pupitre.remote import relaylog

NODE = "node//Ab3$x@kLm9"


def start_event(relay_id="r1", *, time="2026-12-07T09:00:00.000Z", msgid=15, **more):
    event = {
        "etype": "relay",
        "action": "relaylog",
        "domain": "",
        "userid": "user//pupitre-agent-7",
        "username": "pupitre-agent-7",
        "msgid": msgid,
        "msgArgs": [relay_id, "10.0.0.5", "127.0.0.1"],
        "msg": f'Started desktop session "{relay_id}" from 10.0.0.5 to 127.0.0.1',
        "protocol": 2,
        "nodeid": NODE,
        "time": time,
    }
    event.update(more)
    return event


def end_event(relay_id="r1", *, seconds=754, time="2026-12-07T09:12:34.000Z", msgid=11, **more):
    event = {
        "etype": "relay",
        "action": "relaylog",
        "domain": "",
        "userid": "user//pupitre-agent-7",
        "username": "pupitre-agent-7",
        "msgid": msgid,
        "msgArgs": [relay_id, "127.0.0.1", "10.0.0.5", seconds],
        "msg": f'Ended desktop session "{relay_id}" from 127.0.0.1 to 10.0.0.5, '
        f"{seconds} second(s)",
        "protocol": 2,
        "nodeid": NODE,
        "bytesin": 1200,
        "bytesout": 56000,
        "time": time,
    }
    event.update(more)
    return event


def test_a_start_and_its_end_make_one_session_with_meshcentrals_duration():
    # Newest first, as MeshCentral sends them.
    [session] = relaylog.relay_sessions([end_event(), start_event()])
    assert session.relay_id == "r1"
    assert session.node_id == NODE
    assert session.username == "pupitre-agent-7"
    assert session.protocol == "desktop"
    assert session.started_at == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert session.ended_at == datetime(2026, 12, 7, 9, 12, 34, tzinfo=UTC)
    assert session.duration == 754


def test_the_same_events_read_twice_count_once_and_keep_their_keys():
    first = relaylog.relay_sessions([end_event(), start_event()])
    again = relaylog.relay_sessions([end_event(), start_event(), end_event(), start_event()])
    assert len(again) == 1
    assert again[0].start.key == first[0].start.key
    assert again[0].end.key == first[0].end.key
    assert first[0].start.key != first[0].end.key


def test_a_running_session_has_a_start_and_no_end():
    [session] = relaylog.relay_sessions([start_event()])
    assert session.end is None and session.ended_at is None and session.duration is None


def test_an_end_without_its_start_counts_back_from_the_duration():
    [session] = relaylog.relay_sessions([end_event(seconds=60)])
    assert session.started_at == datetime(2026, 12, 7, 9, 11, 34, tzinfo=UTC)
    assert session.duration == 60


def test_terminal_and_file_sessions_are_recorded_messenger_and_other_events_not():
    events = [
        start_event("t", msgid=14),
        end_event("t", msgid=10),
        start_event("f", msgid=16),
        start_event("chat", msgid=162),
        {"action": "createmesh", "msgid": 76, "msgArgs": ["x"], "time": "2026-12-07T09:00:00Z"},
        {"etype": "node", "action": "agentlog", "msg": "hello"},
    ]
    protocols = {s.relay_id: s.protocol for s in relaylog.relay_sessions(events)}
    assert protocols == {"t": "terminal", "f": "files"}


def test_events_read_for_one_device_take_its_id():
    event = start_event()
    del event["nodeid"]  # MeshCentral leaves it out of a device's events
    assert relaylog.relay_sessions([event]) == []
    [session] = relaylog.relay_sessions([event], node_id=NODE)
    assert session.node_id == NODE


def test_malformed_relay_events_are_left_out_never_guessed():
    bad = [
        start_event(msgArgs=[]),
        start_event(msgArgs="r1"),
        start_event(msgArgs=[None]),
        start_event(time="yesterday"),
        start_event(time=None),
        start_event(msgid="15"),
        start_event(msgid=True),
        "not an event",
        None,
        end_event(msgArgs=["r9", "a", "b", "many"]),
    ]
    sessions = relaylog.relay_sessions(bad)
    # Only the last one is usable: an end whose duration is unknown.
    assert [(s.relay_id, s.duration) for s in sessions] == [("r9", None)]


def test_times_in_every_shape_meshcentral_writes():
    moment = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    millis = int(moment.timestamp() * 1000)
    assert relaylog.parse_time("2026-12-07T09:00:00.000Z") == moment
    assert relaylog.parse_time(millis) == moment
    assert relaylog.parse_time({"$$date": millis}) == moment
    assert relaylog.parse_time("2026-12-07T10:00:00+01:00") == moment
    assert relaylog.parse_time(10**30) is None
    assert relaylog.parse_time(True) is None


def test_sessions_come_oldest_first():
    later = start_event("b", time="2026-12-07T10:00:00Z")
    earlier = start_event("a", time="2026-12-07T08:00:00Z")
    sessions = relaylog.relay_sessions([later, earlier])
    assert [s.relay_id for s in sessions] == ["a", "b"]
    assert sessions[1].started_at - sessions[0].started_at == timedelta(hours=2)
