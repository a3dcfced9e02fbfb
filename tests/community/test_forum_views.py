"""Forum pages end to end through the test client: who may do what, and what each shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.community.forum import actions
from qls.community.forum.models import ForumCategory, ForumPost, ForumThread
from tests.factories.community_forum import CategoryFactory, thread
from tests.factories.organisation import StaffMemberFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_member_asks_a_question_and_it_is_listed(client, personas):
    category = CategoryFactory(name="Measurement and SPC")
    client.force_login(personas["staff"])
    response = client.post(
        reverse("community:forum_new"),
        {"category": category.pk, "title": "When do I recalculate limits?",
         "body": "After a **sustained** shift?"},
    )  # fmt: skip
    created = ForumThread.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("community:forum_thread", args=[created.pk]))
    assert b"<strong>sustained</strong>" in page.content
    assert b"When do I recalculate limits?" in client.get(reverse("community:forum_index")).content


def test_the_mention_box_writes_the_person_into_the_post_and_tells_them(client, personas):
    category = CategoryFactory()
    coach = StaffMemberFactory(user=personas["coach"], first_name="Grace", last_name="O'Brien")
    client.force_login(personas["staff"])
    client.post(
        reverse("community:forum_new"),
        {"category": category.pk, "title": "Help with a driver diagram", "body": "Stuck.",
         "mention": f"{coach.full_name} ({coach.staff_number})"},
    )  # fmt: skip
    post = ForumPost.objects.get()
    assert f"@Grace O'Brien ({coach.staff_number})" in post.body
    client.force_login(personas["coach"])
    home = client.get(reverse("core:home")).content.decode()
    assert 'id="notification-bell"' in home
    assert 'data-count="1"' in home
    page = client.get(reverse("community:forum_thread", args=[post.thread_id])).content.decode()
    assert f"Brien ({coach.staff_number})" in page


def test_a_post_with_an_nhs_number_is_refused_on_the_form_naming_the_field(client, personas):
    category = CategoryFactory()
    client.force_login(personas["staff"])
    response = client.post(
        reverse("community:forum_new"),
        {"category": category.pk, "title": "Falls", "body": "Patient 943 476 5919 fell"},
    )
    assert response.status_code == 200
    assert b"Remove the NHS number from your post" in response.content
    assert not ForumThread.objects.exists()


def test_a_reply_is_posted_from_the_thread_page_and_refused_when_locked(client, personas):
    item = thread(personas["staff"])
    client.force_login(personas["coach"])
    url = reverse("community:forum_thread", args=[item.pk])
    assert client.post(url, {"body": "Adopt it."}).status_code == 302
    actions.set_locked(thread=item, locked=True, by=personas["improvement"])
    response = client.post(url, {"body": "And another"})
    assert response.status_code == 200
    assert b"locked" in response.content
    assert item.posts.count() == 2


def test_only_moderators_may_open_the_hide_page_and_the_author_sees_the_reason(client, personas):
    item = thread(personas["staff"])
    post = actions.reply(thread=item, body="Buy our software", by=personas["lead"])
    hide = reverse("community:forum_hide", args=[post.pk])
    client.force_login(personas["coach"])
    assert client.get(hide).status_code == 403
    client.force_login(personas["improvement"])
    assert client.post(hide, {"reason": "Adverts are not allowed"}).status_code == 302
    url = reverse("community:forum_thread", args=[item.pk])
    client.force_login(personas["lead"])
    own = client.get(url).content
    assert b"Reason: Adverts are not allowed" in own
    assert b"Buy our software" in own
    client.force_login(personas["analyst"])
    other = client.get(url).content
    assert b"Buy our software" not in other
    assert b"Adverts are not allowed" not in other
    assert b"This post is hidden." in other


def test_the_waiting_list_is_for_coaches_and_the_team_not_staff(client, personas):
    url = reverse("community:forum_waiting")
    client.force_login(personas["staff"])
    assert client.get(url).status_code == 403
    client.force_login(personas["coach"])
    assert client.get(url).status_code == 200


def test_the_project_page_lists_the_linked_discussions(client, personas):
    project = ProjectFactory(created_by=personas["lead"])
    item = thread(personas["staff"], title="Lessons from our falls project", project=project)
    thread(personas["staff"], title="Not about the project")
    client.force_login(personas["staff"])
    page = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "Discussions in the forum" in page
    assert reverse("community:forum_thread", args=[item.pk]) in page
    assert "Not about the project" not in page
    listed = client.get(reverse("community:forum_index") + f"?project={project.pk}")
    assert b"Lessons from our falls project" in listed.content
    assert b"Not about the project" not in listed.content


def test_search_results_link_into_the_thread(client, personas):
    item = thread(personas["staff"], title="Process mapping a discharge", body="Sticky notes")
    client.force_login(personas["executive"])
    page = client.get(reverse("community:forum_search"), {"q": "sticky"}).content.decode()
    assert f"{reverse('community:forum_thread', args=[item.pk])}#post-" in page
    assert "1 thread found" in page


def test_the_community_home_shows_recent_and_unanswered_threads(client, personas):
    thread(personas["staff"], title="Nobody has replied to me")
    client.force_login(personas["staff"])
    page = client.get(reverse("community:index")).content.decode()
    assert "Unanswered questions" in page
    assert "Nobody has replied to me" in page


def test_the_email_choice_is_saved(client, personas):
    client.force_login(personas["staff"])
    url = reverse("community:forum_settings")
    assert client.post(url, {"email": "daily"}).status_code == 302
    assert personas["staff"].forum_setting.email == "daily"
    assert client.post(url, {"email": "hourly"}).status_code == 200


def test_the_improvement_team_renames_a_category_and_its_threads_follow(client, personas):
    category = CategoryFactory(name="Measurement", slug="measurement")
    asked = thread(personas["staff"], category=category)
    client.force_login(personas["improvement"])
    page = client.get(reverse("community:forum_category", args=["measurement"])).content.decode()
    assert reverse("community:forum_category_edit", args=["measurement"]) in page
    form = client.get(reverse("community:forum_category_edit", args=["measurement"]))
    assert "holds 1 thread, so it stays" in form.content.decode()
    response = client.post(
        reverse("community:forum_category_edit", args=["measurement"]),
        {"name": "Measurement and SPC", "slug": "measurement-spc", "description": "Charts",
         "kind": "topic", "position": 2},
    )  # fmt: skip
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.slug, category.position) == (
        "Measurement and SPC",
        "measurement-spc",
        2,
    )
    asked.refresh_from_db()
    assert asked.category == category


def test_a_category_with_threads_is_kept_and_an_empty_one_removed(client, personas):
    used = CategoryFactory(name="PDSA", slug="pdsa")
    thread(personas["staff"], category=used)
    empty = CategoryFactory(name="Old site", slug="old-site")
    actions.set_following(user=personas["staff"], category=empty, on=True)
    client.force_login(personas["improvement"])
    response = client.post(reverse("community:forum_category_remove", args=["pdsa"]), follow=True)
    assert "PDSA holds 1 thread, so it cannot be removed" in response.content.decode()
    assert ForumCategory.objects.filter(pk=used.pk).exists()
    response = client.post(reverse("community:forum_category_remove", args=["old-site"]))
    assert response.status_code == 302
    assert not ForumCategory.objects.filter(pk=empty.pk).exists()


def test_a_category_name_with_an_nhs_number_is_refused_and_nothing_changes(client, personas):
    category = CategoryFactory(name="Falls", slug="falls")
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("community:forum_category_edit", args=["falls"]),
        {"name": "Falls 943 476 5919", "slug": "falls", "kind": "topic", "position": 0},
    )
    assert response.status_code == 200
    assert 'id="id_name-error"' in response.content.decode()
    category.refresh_from_db()
    assert category.name == "Falls"


@pytest.mark.parametrize("who", ["staff", "coach", "lead"])
def test_only_the_improvement_team_changes_categories(client, personas, who):
    category = CategoryFactory(name="Falls", slug="falls")
    client.force_login(personas[who])
    page = client.get(reverse("community:forum_category", args=["falls"])).content.decode()
    assert "Change this category" not in page
    edit = reverse("community:forum_category_edit", args=["falls"])
    assert (
        client.post(
            edit, {"name": "X", "slug": "falls", "kind": "topic", "position": 0}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("community:forum_category_remove", args=["falls"])).status_code == 403
    )
    category.refresh_from_db()
    assert category.name == "Falls"


def test_a_thread_lists_the_library_tools_its_question_mentions(
    client, personas, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qls.community.resources import actions as resource_actions
    from qls.community.resources import samples

    settings.MEDIA_ROOT = tmp_path
    made = {}
    for title, tags in [
        ("Run chart template", "run chart, median"),
        ("Driver diagram template", "driver diagram"),
        ("Fishbone template", "fishbone"),
    ]:
        made[title] = resource_actions.publish_resource(
            title=title, description="A tool.", tags=tags, module="measurement",
            upload=SimpleUploadedFile("f.pdf", samples.pdf(title)), by=personas["improvement"],
        )  # fmt: skip
    asked = thread(
        personas["staff"],
        title="Where does the median go on a run chart?",
        body="We also drew a Driver Diagram.",
    )
    client.force_login(personas["staff"])
    page = client.get(reverse("community:forum_thread", args=[asked.pk])).content.decode()
    assert "From the resource library" in page
    section = page.split("From the resource library", 1)[1]
    # Two tags matched beats one; the tool nobody mentioned is not listed.
    assert section.index("Run chart template") < section.index("Driver diagram template")
    assert "Fishbone template" not in section
    assert made["Run chart template"].get_absolute_url() in section


def test_a_thread_mentioning_no_tool_shows_no_library_box(client, personas):
    asked = thread(personas["staff"], title="Who runs the clinic on Tuesdays?", body="Asking.")
    client.force_login(personas["staff"])
    page = client.get(reverse("community:forum_thread", args=[asked.pk])).content.decode()
    assert "From the resource library" not in page
