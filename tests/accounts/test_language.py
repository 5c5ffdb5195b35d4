from django.urls import reverse

from ..factories import make_member, make_user


def test_school_user_without_preference_sees_the_schools_language(client, german_school):
    teacher = make_member(german_school, language="")
    client.force_login(teacher)
    response = client.get(reverse("portal:requests"))
    assert response.headers["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()


def test_preferred_language_wins_over_the_schools(client, german_school):
    teacher = make_member(german_school, language="fr")
    client.force_login(teacher)
    assert client.get(reverse("portal:requests")).headers["Content-Language"] == "fr"


def test_switching_language_stays_on_the_page_and_is_remembered(client, german_school):
    teacher = make_member(german_school, language="")
    client.force_login(teacher)
    page = reverse("portal:new") + "?school=1"
    response = client.post(reverse("switch_language"), {"language": "fr", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    teacher.refresh_from_db()
    assert teacher.language == "fr"
    assert client.get(reverse("portal:requests")).headers["Content-Language"] == "fr"


def test_language_switch_refuses_to_send_users_elsewhere(client, db):
    response = client.post(
        reverse("switch_language"), {"language": "de", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_unknown_language_is_ignored(client, db):
    user = make_user(language="fr")
    client.force_login(user)
    client.post(reverse("switch_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fr"


def test_anonymous_visitor_can_switch_language(client, db):
    client.post(reverse("switch_language"), {"language": "de", "next": "/"})
    assert client.get("/").headers["Content-Language"] == "de"
