"""Reading a quiz as the improvement team types it, and checking uploaded media by content."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qls.community.elearning import media, quiz
from qls.community.elearning.errors import MediaRefused, QuizTextInvalid
from tests.factories.community_elearning import QUIZ


def test_a_typed_quiz_reads_as_questions_with_their_correct_options():
    questions = quiz.parse(QUIZ)
    assert [q.text for q in questions] == [
        "What does the S in PDSA stand for?",
        "Which of these are measures in the model for improvement?",
    ]
    assert questions[0].options == [("Start", False), ("Study", True), ("Sustain", False)]
    assert [c for _, c in questions[1].options] == [True, True, False]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- An option first\n* Another", "line 1: an option must follow its question"),
        ("A question?\n* Only one option", "line 1: the question needs at least 2 options"),
        ("A question?\n- No\n- Neither", "line 1: mark at least one option correct"),
        ("A question?\n* Yes\nA second question with no blank line", "line 3:"),
        ("Q?\n* Yes\n- No\n\nPatient 943 476 5919?\n* a\n- b", "line 5"),
    ],
)
def test_a_quiz_that_cannot_be_read_is_refused_naming_the_line(text, message):
    with pytest.raises(QuizTextInvalid, match=message):
        quiz.parse(text)


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
MP4 = b"\0\0\0\x18ftypmp42" + b"\0" * 40


def test_media_whose_content_matches_its_name_is_accepted():
    media.check_image(_upload("run-chart.png", PNG))
    media.check_video(_upload("pdsa.mp4", MP4))
    media.check_captions(_upload("pdsa.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"))
    media.check_captions(_upload("bom.vtt", b"\xef\xbb\xbfWEBVTT - English\n"))


@pytest.mark.parametrize(
    ("check", "name", "content", "message"),
    [
        (media.check_video, "pdsa.mp4", b"MZ\x90\0 a program renamed", "is not an MP4 or WebM"),
        (media.check_video, "pdsa.avi", MP4, "must be an MP4 or WebM video"),
        (media.check_image, "chart.png", b"GIF89a....", "is not a PNG or JPEG"),
        (media.check_captions, "pdsa.vtt", b"1\n00:00:00,000 --> 00:00:02,000\n", "WEBVTT"),
        (media.check_captions, "pdsa.vtt", b"WEBVTTX\n", "WEBVTT"),
        (media.check_captions, "pdsa.srt", b"WEBVTT\n", "must be a WebVTT file"),
        (media.check_captions, "empty.vtt", b"", "is empty"),
    ],
)
def test_media_that_is_not_what_it_says_is_refused(check, name, content, message):
    with pytest.raises(MediaRefused, match=message):
        check(_upload(name, content))


def test_media_over_its_size_limit_is_refused():
    big = PNG + b"\0" * media.IMAGE_MAX
    with pytest.raises(MediaRefused, match=r"too large.*the limit is 5 MB"):
        media.check_image(_upload("chart.png", big))
