"""The forum's rules, through its actions: mentions, answers, moderation, screening, email."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from qls.community.forum import actions, notifications, queries
from qls.community.forum import search as forum_search
from qls.community.forum.errors import (
    AlreadyReported,
    IdentifierFound,
    NotAllowed,
    NotAReply,
    ThreadLocked,
)
from qls.community.forum.models import (
    EmailChoice,
    ForumNotification,
    ForumPost,
    ForumRevision,
    ForumSetting,
    ForumThread,
)
from tests.factories.community_forum import CategoryFactory, thread
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db

NHS_NUMBER = "943 476 5919"  # passes the modulus-11 check


def _staff(user):
    return StaffMemberFactory(user=user)


def test_a_mention_notifies_the_person_named_and_emails_them_at_once(
    personas, django_capture_on_commit_callbacks
):
    coach = personas["coach"]
    coach.email = "grace.okafor@example.nhs.uk"
    coach.save()
    member = _staff(coach)
    body = f"Could @{member.full_name} ({member.staff_number}) look at our run chart?"
    with django_capture_on_commit_callbacks(execute=True):
        item = thread(personas["staff"], body=body)
    note = ForumNotification.objects.get(user=coach)
    assert note.kind == ForumNotification.Kind.MENTION
    assert note.thread == item
    assert notifications.unread_count(coach) == 1
    assert [m.to for m in mail.outbox] == [[coach.email]]
    assert item.title in mail.outbox[0].body


def test_a_daily_digest_person_gets_one_email_for_the_day_not_one_each(
    personas, django_capture_on_commit_callbacks
):
    lead = personas["lead"]
    lead.email = "tom.fletcher@example.nhs.uk"
    lead.save()
    ForumSetting.objects.create(user=lead, email=EmailChoice.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        item = thread(lead)
        actions.reply(thread=item, body="Two is plenty if the data is clear.", by=personas["coach"])
        actions.reply(thread=item, body="Agree, adopt and keep measuring.", by=personas["staff"])
    # The coach, who follows the thread since replying, is emailed at once; the lead is not.
    assert [m for m in mail.outbox if lead.email in m.to] == []
    mail.outbox.clear()
    assert notifications.send_daily_digests() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [lead.email]
    assert mail.outbox[0].body.count(item.title) == 2
    assert notifications.send_daily_digests() == 0  # nothing new since


def test_no_email_when_the_person_chose_none(personas, django_capture_on_commit_callbacks):
    lead = personas["lead"]
    lead.email = "tom.fletcher@example.nhs.uk"
    lead.save()
    ForumSetting.objects.create(user=lead, email=EmailChoice.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        item = thread(lead)
        actions.reply(thread=item, body="Try a run chart first.", by=personas["coach"])
    assert mail.outbox == []
    assert notifications.send_daily_digests() == 0
    assert notifications.unread_count(lead) == 1


def test_following_a_category_hears_of_each_new_thread(personas):
    category = CategoryFactory()
    actions.set_following(user=personas["coach"], category=category, on=True)
    thread(personas["staff"], category=category)
    assert (
        ForumNotification.objects.filter(
            user=personas["coach"], kind=ForumNotification.Kind.THREAD
        ).count()
        == 1
    )


def test_a_post_with_an_nhs_number_is_refused_naming_the_field_and_nothing_is_written(personas):
    with pytest.raises(IdentifierFound) as refused:
        thread(personas["staff"], body=f"Patient {NHS_NUMBER} fell twice")
    assert refused.value.field == "body"
    assert "NHS number" in str(refused.value)
    assert ForumThread.objects.count() == 0
    assert ForumPost.objects.count() == 0


def test_a_reply_with_an_nhs_number_is_refused(personas):
    item = thread(personas["staff"])
    with pytest.raises(IdentifierFound):
        actions.reply(thread=item, body=f"See {NHS_NUMBER}", by=personas["coach"])
    assert item.posts.count() == 1


def test_the_asker_marks_the_answer_and_its_author_hears(personas):
    item = thread(personas["staff"])
    answer = actions.reply(thread=item, body="Adopt after two.", by=personas["coach"])
    actions.mark_answer(thread=item, post=answer, by=personas["staff"])
    item.refresh_from_db()
    assert item.answer == answer
    assert ForumNotification.objects.filter(
        user=personas["coach"], kind=ForumNotification.Kind.ANSWER
    ).exists()


def test_someone_else_may_not_mark_the_answer_but_the_improvement_team_may(personas):
    item = thread(personas["staff"])
    answer = actions.reply(thread=item, body="Adopt after two.", by=personas["coach"])
    with pytest.raises(NotAllowed):
        actions.mark_answer(thread=item, post=answer, by=personas["lead"])
    actions.mark_answer(thread=item, post=answer, by=personas["improvement"])
    item.refresh_from_db()
    assert item.answer == answer


def test_the_question_itself_cannot_be_its_answer(personas):
    item = thread(personas["staff"])
    with pytest.raises(NotAReply):
        actions.mark_answer(thread=item, post=item.posts.get(), by=personas["staff"])


def test_a_locked_thread_takes_no_reply(personas):
    item = thread(personas["staff"])
    actions.set_locked(thread=item, locked=True, by=personas["improvement"])
    with pytest.raises(ThreadLocked):
        actions.reply(thread=item, body="One more thing", by=personas["coach"])
    with pytest.raises(NotAllowed):
        actions.set_locked(thread=item, locked=False, by=personas["coach"])


def test_hiding_needs_a_moderator_and_a_reason_and_tells_the_author(personas):
    item = thread(personas["staff"])
    post = actions.reply(thread=item, body="Off-topic advert", by=personas["lead"])
    actions.report_post(post=post, reason="An advert", by=personas["staff"])
    with pytest.raises(NotAllowed):
        actions.hide_post(post=post, reason="No", by=personas["coach"])
    with pytest.raises(IdentifierFound):
        actions.hide_post(post=post, reason="  ", by=personas["improvement"])
    actions.hide_post(post=post, reason="Adverts are not allowed", by=personas["improvement"])
    post.refresh_from_db()
    assert post.is_hidden
    assert post.hidden_reason == "Adverts are not allowed"
    assert not queries.open_reports().exists()
    assert ForumNotification.objects.filter(
        user=personas["lead"], kind=ForumNotification.Kind.HIDDEN
    ).exists()


def test_reporting_the_same_post_twice_is_refused(personas):
    item = thread(personas["staff"])
    post = item.posts.get()
    actions.report_post(post=post, reason="Rude", by=personas["coach"])
    with pytest.raises(AlreadyReported):
        actions.report_post(post=post, reason="Still rude", by=personas["coach"])


def test_an_edit_keeps_the_old_text_in_the_history(personas):
    item = thread(personas["staff"], body="We ran two cycles.")
    post = item.posts.get()
    actions.edit_post(post=post, body="We ran three cycles.", by=personas["staff"])
    revision = ForumRevision.objects.get(post=post)
    assert revision.body == "We ran two cycles."
    assert revision.edited_by == personas["staff"]
    post.refresh_from_db()
    assert post.body == "We ran three cycles."
    with pytest.raises(NotAllowed):
        actions.edit_post(post=post, body="Not mine", by=personas["lead"])


def test_threads_with_no_answer_after_five_days_are_waiting_for_the_coaches(personas):
    old = thread(personas["staff"], title="Which chart for falls per 1,000 bed days?")
    ForumThread.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=6))
    thread(personas["staff"], title="Asked today")
    answered = thread(personas["staff"], title="Answered long ago")
    ForumThread.objects.filter(pk=answered.pk).update(
        created_at=timezone.now() - dt.timedelta(days=9)
    )
    reply = actions.reply(thread=answered, body="Use a u-chart.", by=personas["coach"])
    actions.mark_answer(thread=answered, post=reply, by=personas["staff"])
    assert [t.title for t in queries.waiting_for_answer()] == [old.title]


def test_search_finds_a_thread_by_a_word_in_a_reply_and_not_in_a_hidden_post(personas):
    item = thread(personas["staff"], title="Our discharge lounge", body="Flow is slow.")
    other = thread(personas["lead"], title="Baseline for pressure ulcers", body="Weekly counts.")
    reply = actions.reply(thread=item, body="Map the process with a swimlane", by=personas["coach"])
    results = forum_search.search("swimlane")
    assert [h.thread.pk for h in results.hits] == [item.pk]
    assert results.hits[0].post_id == reply.pk
    assert "<mark>swimlane</mark>" in results.hits[0].snippet
    assert [h.thread.pk for h in forum_search.search("pressure ulcer").hits] == [other.pk]
    actions.hide_post(post=reply, reason="Duplicate", by=personas["improvement"])
    assert forum_search.search("swimlane").total == 0


def test_search_text_with_operators_is_read_as_plain_words(personas):
    thread(personas["staff"], title="SPC rules", body="Astronomical points")
    assert forum_search.search('"SPC" (rules* -astro').total == 1
    assert forum_search.search("").total == 0


def test_search_pages_through_many_threads_and_counts_them_all(personas):
    category = CategoryFactory()
    for n in range(25):
        item = thread(personas["staff"], category=category, title=f"Safety huddle {n}")
        actions.reply(thread=item, body="Our huddle runs at 10", by=personas["coach"])
    first, second = forum_search.search("huddle"), forum_search.search("huddle", page=2)
    assert (first.total, second.total) == (25, 25)
    assert len(first.hits) == forum_search.PAGE_SIZE
    assert len(second.hits) == 25 - forum_search.PAGE_SIZE
    assert {h.thread.pk for h in first.hits}.isdisjoint({h.thread.pk for h in second.hits})
    # A title counts most: the opening post, which carries it, stands for its thread.
    assert all(h.post_id == h.thread.posts.get(opening=True).pk for h in first.hits)
