"""The demo forum: 200 threads of QI questions, 30 unanswered, one mentioning the coach."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qls.community.forum import queries
from qls.community.forum import search as forum_search
from qls.community.forum.models import ForumCategory, ForumNotification, ForumPost, ForumThread
from qls.core.screening import contains_patient_identifier
from qls.demo.community import forum as forum_demo
from qls.demo.context import DemoContext
from tests.factories.measurement import trust_structure
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(personas, reference_data):
    trust_structure()
    StaffMemberFactory(user=personas["coach"], first_name="Grace", last_name="Okafor")
    ctx = DemoContext(scale="standard", seed=7, staff_count=0, users=dict(personas))
    forum_demo.build(ctx)
    return ctx


def test_the_demo_has_200_threads_30_unanswered_in_every_kind_of_category(built):
    assert ForumThread.objects.count() == 200
    assert ForumThread.objects.filter(reply_count=0).count() == 30
    assert ForumThread.objects.filter(answer__isnull=False).count() > 100
    kinds = set(ForumCategory.objects.filter(threads__isnull=False).values_list("kind", flat=True))
    assert kinds == {"topic", "aim", "site"}
    assert queries.waiting_for_answer().exists()
    assert not ForumThread.objects.filter(created_at__gt=timezone.now()).exists()
    assert not ForumPost.objects.filter(created_at__gt=timezone.now() + dt.timedelta(0)).exists()


def test_one_question_mentions_the_coach_who_has_it_under_the_bell(built):
    coach = built.users["coach"]
    mention = ForumNotification.objects.get(user=coach, kind="mention")
    assert "@Grace Okafor (" in mention.thread.posts.get(opening=True).body
    assert mention.read_at is None


def test_every_demo_post_passes_the_screen_and_is_found_by_search(built):
    assert not [p.pk for p in ForumPost.objects.all() if contains_patient_identifier(p.body)]
    assert forum_search.search("PDSA").total > 0
    assert forum_search.search("control limits").total > 0
