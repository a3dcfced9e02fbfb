"""The resource library: publishing, refused uploads, versions, downloads and "most used"."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse

from qls.community.resources import actions, samples
from qls.community.resources.models import Resource, ResourceVersion

pytestmark = pytest.mark.django_db

NHS_NUMBER = "943 476 5919"  # passes the modulus-11 check


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _form(file: SimpleUploadedFile, **extra) -> dict:
    return {
        "title": "PDSA form",
        "description": "A form to plan a PDSA cycle and record its prediction.",
        "tags": "PDSA, testing, form",
        "module": "testing-changes",
        "file": file,
        **extra,
    }


def _publish(user, title="Driver diagram template", content=None, name="driver.pdf"):
    upload = SimpleUploadedFile(name, content or samples.pdf(title))
    return actions.publish_resource(
        title=title, description="A template.", tags="drivers", module="generating-ideas",
        upload=upload, by=user,
    )  # fmt: skip


def test_the_improvement_team_publishes_a_resource_with_its_first_version(client, personas):
    client.force_login(personas["improvement"])
    upload = SimpleUploadedFile("pdsa-form.pdf", samples.pdf("PDSA form"))
    response = client.post(reverse("community:resource_new"), _form(upload))
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert resource.slug == "pdsa-form"
    version = resource.versions.get()
    assert (version.number, version.content_type, version.original_name) == (
        1, "application/pdf", "pdsa-form.pdf",
    )  # fmt: skip
    with version.file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")


@pytest.mark.parametrize("who", ["staff", "lead", "coach", "analyst", "executive"])
def test_other_roles_may_not_publish_and_nothing_is_written(client, personas, who, media_root):
    client.force_login(personas[who])
    assert client.get(reverse("community:resource_new")).status_code == 403
    upload = SimpleUploadedFile("pdsa-form.pdf", samples.pdf("PDSA form"))
    assert client.post(reverse("community:resource_new"), _form(upload)).status_code == 403
    assert not Resource.objects.exists()
    assert _stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("plan.pdf", samples.docx("Plan"), "its content is a Word file"),
        ("plan.docx", samples.xlsx("Plan"), "its content is a Excel file"),
        ("deck.pptx", samples.pdf("Deck"), "its content is a PDF file"),
        ("chart.png", b"<html><script>alert(1)</script></html>", "not a file of any kind"),
        ("plan.docx", b"PK\x03\x04 not really a zip", "not a file of any kind"),
        ("run.exe", b"MZ\x90\x00", "not a kind of file the library takes"),
    ],
)
def test_an_upload_whose_content_does_not_match_its_extension_is_refused(
    client, personas, media_root, name, content, says
):
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("community:resource_new"), _form(SimpleUploadedFile(name, content))
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["file"]
    assert says in errors["file"][0]
    assert name in errors["file"][0]
    assert not Resource.objects.exists()
    assert _stored_files(media_root) == []


def test_a_zip_without_office_content_types_is_not_a_word_file(client, personas, media_root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("community:resource_new"),
        _form(SimpleUploadedFile("plan.docx", buffer.getvalue())),
    )
    assert "file" in response.context["form"].errors
    assert not Resource.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(client, personas, settings, media_root):
    settings.QLS_MAX_UPLOAD_BYTES = 1024 * 1024
    big = samples.pdf("Big") + b"%" + b"x" * (1024 * 1024)
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("community:resource_new"), _form(SimpleUploadedFile("big.pdf", big))
    )
    message = response.context["form"].errors["file"][0]
    assert "too large" in message
    assert "1 MB" in message
    assert not Resource.objects.exists()
    assert _stored_files(media_root) == []


def test_a_description_with_an_nhs_number_is_refused_naming_the_field(client, personas, media_root):
    client.force_login(personas["improvement"])
    upload = SimpleUploadedFile("pdsa-form.pdf", samples.pdf("PDSA form"))
    response = client.post(
        reverse("community:resource_new"),
        _form(upload, description=f"Example from patient {NHS_NUMBER}."),
    )
    errors = response.context["form"].errors
    assert "description" in errors
    assert "NHS number" in errors["description"][0]
    assert not Resource.objects.exists()
    assert _stored_files(media_root) == []


def test_a_new_version_keeps_the_old_ones_each_downloadable(client, personas):
    resource = _publish(personas["improvement"], content=samples.pdf("Version one"))
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("community:resource_version_new", args=[resource.slug]),
        {"file": SimpleUploadedFile("driver-v2.pptx", samples.pptx("Version two")),
         "note": "Now a slide you can edit"},
    )  # fmt: skip
    assert response.status_code == 302
    assert list(resource.versions.values_list("number", flat=True)) == [2, 1]
    client.force_login(personas["staff"])
    latest = client.get(reverse("community:resource_download", args=[resource.slug]))
    first = client.get(reverse("community:resource_version_download", args=[resource.slug, 1]))
    latest_bytes, first_bytes = (
        b"".join(latest.streaming_content),
        b"".join(first.streaming_content),
    )
    assert latest_bytes.startswith(b"PK")
    assert first_bytes.startswith(b"%PDF-")
    assert b"Version one" in first_bytes
    assert 'filename="driver-v2.pptx"' in latest["Content-Disposition"]
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "Now a slide you can edit" in page
    assert "Version 1" in page
    assert "Version 2" in page


def test_staff_may_not_upload_a_new_version(client, personas):
    resource = _publish(personas["improvement"])
    client.force_login(personas["staff"])
    response = client.post(
        reverse("community:resource_version_new", args=[resource.slug]),
        {"file": SimpleUploadedFile("v2.pdf", samples.pdf("v2")), "note": "Mine"},
    )
    assert response.status_code == 403
    assert resource.versions.count() == 1


def test_a_download_is_an_attachment_never_sniffed_and_is_counted(client, personas):
    resource = _publish(personas["improvement"])
    client.force_login(personas["staff"])
    for _ in range(3):
        response = client.get(reverse("community:resource_download", args=[resource.slug]))
        b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    resource.refresh_from_db()
    assert resource.download_count == 3
    assert ResourceVersion.objects.get().download_count == 3


def test_a_version_that_does_not_exist_is_not_found(client, personas):
    resource = _publish(personas["improvement"])
    client.force_login(personas["staff"])
    url = reverse("community:resource_version_download", args=[resource.slug, 7])
    assert client.get(url).status_code == 404


def test_the_library_lists_the_most_used_first_and_finds_by_word_and_module(client, personas):
    quiet = _publish(personas["improvement"], title="Stakeholder analysis grid")
    busy = _publish(personas["improvement"], title="SPC chart guide")
    ResourceVersion.objects.filter(resource=busy).update(download_count=9)
    Resource.objects.filter(pk=busy.pk).update(download_count=9)
    Resource.objects.filter(pk=quiet.pk).update(download_count=2, module="human-dimensions")
    client.force_login(personas["staff"])
    page = client.get(reverse("community:resources_index"))
    assert [r.title for r in page.context["most_used"]] == [
        "SPC chart guide",
        "Stakeholder analysis grid",
    ]
    found = client.get(reverse("community:resources_index"), {"q": "stakeholder grid"})
    assert [r.title for r in found.context["resources"]] == ["Stakeholder analysis grid"]
    by_module = client.get(reverse("community:resources_index"), {"module": "human-dimensions"})
    assert [r.title for r in by_module.context["resources"]] == ["Stakeholder analysis grid"]


def test_editing_keeps_the_address_other_pages_link_to(client, personas):
    resource = _publish(personas["improvement"])
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("community:resource_edit", args=[resource.slug]),
        {"title": "Driver diagram (editable)", "description": "Now with examples.",
         "tags": "drivers", "module": "generating-ideas"},
    )  # fmt: skip
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.slug) == (
        "Driver diagram (editable)",
        "driver-diagram-template",
    )


def test_resource_link_links_a_resource_by_its_address(personas):
    resource = _publish(personas["improvement"], title="Process map O'Brien style")
    html = Template(
        '{% load community_resources %}{% resource_link slug %}|{% resource_link "gone" "Old guide" %}'
    ).render(Context({"slug": resource.slug}))
    assert html.strip() == (
        f'<a href="{resource.get_absolute_url()}">Process map O&#x27;Brien style</a>\n|Old guide'
    )


def test_the_community_home_shows_new_and_most_used_resources(client, personas):
    resource = _publish(personas["improvement"], title="Measurement plan template")
    Resource.objects.filter(pk=resource.pk).update(download_count=4)
    client.force_login(personas["staff"])
    page = client.get(reverse("community:index")).content.decode()
    assert "New resources" in page
    assert "Most used" in page
    assert f'href="{resource.get_absolute_url()}"' in page
    assert "(4 downloads)" in page


def test_a_tag_finds_resources_with_that_whole_tag(client, personas):
    tagged = _publish(personas["improvement"], title="PDSA form")
    Resource.objects.filter(pk=tagged.pk).update(tags="PDSA, Form")
    other = _publish(personas["improvement"], title="Ratio guide")
    Resource.objects.filter(pk=other.pk).update(tags="formula, SPC")
    client.force_login(personas["staff"])
    found = client.get(reverse("community:resources_index"), {"tag": "form"})
    assert [r.title for r in found.context["resources"]] == ["PDSA form"]
