"""The e-learning end to end through its pages: taking it, completing it into the training
record, and the improvement team's chapter editor with its refusals."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qls.capability.models import Course, Enrolment, Participant
from qls.community.elearning.models import Attempt, Chapter, Progress
from tests.factories import community_elearning as el
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(personas):
    user = personas["staff"]
    StaffMemberFactory(user=user, first_name="Siobhan", last_name="O'Brien")
    return user


@pytest.fixture
def chapters(db):
    return [el.chapter(1, title="What is quality improvement?"), el.chapter(2, title="PDSA")]


def _url(name, *args):
    return reverse(f"community:{name}", args=args)


def test_a_learner_passes_every_chapter_and_completes_into_their_training_history(
    client, learner, chapters
):
    client.force_login(learner)
    first, second = chapters
    response = client.post(_url("elearning_chapter", first.pk), el.answers(first))
    assert response.status_code == 302
    assert not Enrolment.objects.exists()

    page = client.get(_url("elearning_index"))
    assert b"You have passed 1 of 2 chapters." in page.content
    assert b"Carry on: chapter 2" in page.content

    client.post(_url("elearning_chapter", second.pk), el.answers(second))
    enrolment = Enrolment.objects.get()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.cohort.course.kind == Course.Kind.QI_INTRO
    assert enrolment.certificate_number.startswith("QLS-")
    assert Progress.objects.get().enrolment == enrolment

    history = client.get(reverse("capability:my_training"))
    assert b"Improvement at our trust" in history.content
    assert reverse("capability:certificate", args=[enrolment.pk]).encode() in history.content
    assert b"Online, no sessions" in history.content
    assert b"0 of 0" not in history.content
    certificate = client.get(reverse("capability:certificate", args=[enrolment.pk]))
    assert certificate.status_code == 200
    assert certificate["Content-Type"] == "application/pdf"
    home = client.get(reverse("community:index"))
    assert b"You completed it on" in home.content


def test_a_failed_quiz_is_kept_and_does_not_pass_the_chapter(client, learner, chapters):
    client.force_login(learner)
    first = chapters[0]
    client.post(_url("elearning_chapter", first.pk), el.answers(first, right=False))
    attempt = Attempt.objects.get()
    assert (attempt.score, attempt.out_of, attempt.passed) == (0, 2, False)
    page = client.get(_url("elearning_chapter", first.pk), {"attempt": attempt.pk})
    assert b"Not passed this time" in page.content
    assert b"The answer: Study" in page.content


def test_an_unanswered_question_is_refused_naming_it_and_nothing_is_written(
    client, learner, chapters
):
    client.force_login(learner)
    first = chapters[0]
    data = el.answers(first)
    second_question = first.questions.order_by("position")[1]
    data.pop(f"q{second_question.pk}")
    response = client.post(_url("elearning_chapter", first.pk), data)
    assert response.status_code == 400
    assert b"Answer question 2: Which of these are measures" in response.content
    assert not Attempt.objects.exists()


def test_progress_is_kept_on_the_server_so_another_device_resumes_there(client, learner, chapters):
    client.force_login(learner)
    client.get(_url("elearning_chapter", chapters[1].pk))
    client.logout()
    client.force_login(learner)  # a phone: a new session, the same person
    page = client.get(reverse("community:index"))
    assert b"Carry on: chapter 2, PDSA" in page.content


def test_changing_a_quiz_after_people_passed_keeps_their_results(client, learner, personas):
    only = el.chapter(1)
    client.force_login(learner)
    client.post(_url("elearning_chapter", only.pk), el.answers(only))
    enrolment = Enrolment.objects.get()

    client.force_login(personas["improvement"])
    response = client.post(
        _url("elearning_chapter_edit", only.pk),
        {
            "position": 1,
            "title": only.title,
            "body": only.body,
            "pass_mark": 100,
            "published": "on",
            "quiz": "A brand new question?\n* Yes\n- No",
        },
    )
    assert response.status_code == 302
    only.refresh_from_db()
    assert only.quiz_version == 2
    attempt = Attempt.objects.get()
    assert attempt.passed
    assert attempt.quiz_version == 1
    assert attempt.answers[0]["question"] == "What does the S in PDSA stand for?"
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


@pytest.mark.parametrize("persona", ["staff", "lead", "coach", "analyst", "executive"])
def test_only_the_improvement_team_and_admins_edit_chapters(client, personas, persona, chapters):
    client.force_login(personas[persona])
    assert client.get(_url("elearning_chapter_new")).status_code == 403
    assert client.get(_url("elearning_chapter_edit", chapters[0].pk)).status_code == 403
    assert client.get(_url("elearning_chapter", chapters[0].pk)).status_code == 200


def test_someone_with_no_role_cannot_open_the_e_learning(client, personas, chapters):
    client.force_login(personas["norole"])
    assert client.get(_url("elearning_index")).status_code == 403
    assert client.get(_url("elearning_chapter", chapters[0].pk)).status_code == 403


def test_an_unpublished_chapter_is_not_found_by_learners(client, personas, learner):
    draft = el.chapter(3, published=False)
    client.force_login(learner)
    assert client.get(_url("elearning_chapter", draft.pk)).status_code == 404
    client.force_login(personas["improvement"])
    assert client.get(_url("elearning_chapter", draft.pk)).status_code == 200


def test_an_account_without_a_staff_record_reads_but_keeps_no_progress(client, personas, chapters):
    client.force_login(personas["admin"])
    page = client.get(_url("elearning_chapter", chapters[0].pk))
    assert page.status_code == 200
    assert b"not linked to the staff directory" in page.content
    response = client.post(_url("elearning_chapter", chapters[0].pk), el.answers(chapters[0]))
    assert response.status_code == 403
    assert not Participant.objects.exists()


def _chapter_form(**extra):
    return {
        "position": 4,
        "title": "Measurement for improvement",
        "body": "Measure what matters.",
        "pass_mark": 80,
        "published": "on",
        "quiz": "Which chart shows data over time?\n* A run chart\n- A pie chart",
        **extra,
    }


MP4 = b"\0\0\0\x18ftypmp42" + b"\0" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:03.000\nPlan, do, study, act.\n"


def test_a_chapter_with_a_captioned_video_is_saved_and_plays(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas["improvement"])
    response = client.post(
        _url("elearning_chapter_new"),
        _chapter_form(
            video=SimpleUploadedFile("pdsa.mp4", MP4, "video/mp4"),
            captions=SimpleUploadedFile("pdsa.vtt", VTT, "text/vtt"),
        ),
    )
    assert response.status_code == 302
    item = Chapter.objects.get()
    page = client.get(item.get_absolute_url())
    assert b'<track kind="captions"' in page.content
    captions = client.get(_url("elearning_media", item.pk, "captions"))
    assert captions["Content-Type"] == "text/vtt"
    assert b"".join(captions.streaming_content) == VTT


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"video": ("pdsa.mp4", MP4)}, b"a video without captions is refused"),
        (
            {"video": ("pdsa.mp4", MP4), "captions": ("pdsa.vtt", b"1\n00:00 --> 00:01\n")},
            b"first line must start with WEBVTT",
        ),
        (
            {"video": ("pdsa.mp4", b"MZ not a video at all"), "captions": ("pdsa.vtt", VTT)},
            b"is not an MP4 or WebM video",
        ),
    ],
)
def test_bad_media_is_refused_naming_it_and_nothing_is_written(
    client, personas, settings, tmp_path, files, message
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas["improvement"])
    uploads = {k: SimpleUploadedFile(name, content) for k, (name, content) in files.items()}
    response = client.post(_url("elearning_chapter_new"), _chapter_form(**uploads))
    assert response.status_code == 400
    assert message in response.content
    assert not Chapter.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_quiz_that_cannot_be_read_is_refused_with_its_line(client, personas):
    client.force_login(personas["improvement"])
    response = client.post(
        _url("elearning_chapter_new"), _chapter_form(quiz="Which chart?\n- Pie\n- Bar")
    )
    assert response.status_code == 400
    assert b"Quiz, line 1: mark at least one option correct" in response.content
    assert not Chapter.objects.exists()


def test_a_published_chapter_needs_a_quiz(client, personas):
    client.force_login(personas["improvement"])
    response = client.post(_url("elearning_chapter_new"), _chapter_form(quiz=""))
    assert response.status_code == 400
    assert b"A published chapter needs a quiz" in response.content


def test_the_community_home_invites_a_new_learner_to_start(client, learner, chapters):
    client.force_login(learner)
    page = client.get(reverse("community:index"))
    assert b"Start the e-learning" in page.content
    assert chapters[0].get_absolute_url().encode() in page.content


def test_a_chapter_links_the_glossary_terms_it_mentions(client, learner, personas):
    from qls.community.glossary.actions import save_term

    term = save_term(
        name="Quality improvement", definition="A systematic approach.", by=personas["improvement"]
    )
    one = el.chapter(1, title="<Start here>")
    client.force_login(learner)
    page = client.get(_url("elearning_chapter", one.pk)).content.decode()
    link = f"{reverse('community:glossary_index')}#term-{term.slug}"
    assert f'<a class="qls-glossary-link" href="{link}">Quality improvement</a>' in page
    assert page.count(link) == 1  # the first mention only
    assert "&lt;Start here&gt;" in page


def test_a_chapter_points_to_tools_from_the_resource_library(client, personas, settings, tmp_path):
    from django.core.files.base import ContentFile

    from qls.community.resources import actions as library
    from qls.community.resources import samples

    settings.MEDIA_ROOT = tmp_path
    run_chart = library.publish_resource(
        title="Run chart template",
        description="Plot your measure over time.",
        tags="measurement",
        module="measurement",
        upload=ContentFile(samples.pdf("Run chart"), name="run-chart.pdf"),
        by=personas["improvement"],
    )
    client.force_login(personas["improvement"])
    response = client.post(_url("elearning_chapter_new"), _chapter_form(resources=[run_chart.pk]))
    assert response.status_code == 302
    item = Chapter.objects.get()
    assert list(item.resources.all()) == [run_chart]
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Tools for this chapter" in page
    assert f'href="{run_chart.get_absolute_url()}"' in page

    # Saving again without ticking it takes it off; the chapter page then lists none.
    edit = _url("elearning_chapter_edit", item.pk)
    assert client.post(edit, _chapter_form()).status_code == 302
    assert not item.resources.exists()
    assert "Tools for this chapter" not in client.get(item.get_absolute_url()).content.decode()
