from django.urls import path

from qls.capability import views
from qls.capability.views import clinics, coaching, programmes, sets

app_name = "capability"

urlpatterns = [
    path("", views.index, name="index"),
]

# Coaching and mentoring, QI clinics, action learning sets, improvement programmes.
urlpatterns += [
    path("coaches/", coaching.coaches, name="coaches"),
    path("coaches/new/", coaching.coach_edit, name="coach_new"),
    path("coaches/pipeline/", coaching.pipeline, name="pipeline"),
    path("coaches/<int:pk>/", coaching.coach, name="coach"),
    path("coaches/<int:pk>/edit/", coaching.coach_edit, name="coach_edit"),
    path("coaches/<int:pk>/assign/", coaching.coach_assign, name="coach_assign"),
    path("competencies/", coaching.framework, name="framework"),
    path("competencies/record/", coaching.my_record, name="my_record"),
    path("competencies/record/<str:staff_number>/", coaching.record, name="record"),
    path("competencies/evidence/new/", coaching.evidence_new, name="evidence_new"),
    path("competencies/evidence/<int:pk>/", coaching.evidence, name="evidence"),
    path("competencies/evidence/<int:pk>/file/", coaching.evidence_file, name="evidence_file"),
    path("competencies/sign-off/", coaching.sign_off, name="sign_off"),
    path("mentoring/", coaching.pairings, name="pairings"),
    path("mentoring/<int:pk>/end/", coaching.pairing_end, name="pairing_end"),
    path("clinics/", clinics.clinics, name="clinics"),
    path("clinics/new/", clinics.clinic_edit, name="clinic_new"),
    path("clinics/my-bookings/", clinics.my_bookings, name="my_bookings"),
    path("clinics/my-slots/", clinics.coach_slots, name="coach_slots"),
    path("clinics/<int:pk>/", clinics.clinic, name="clinic"),
    path("clinics/<int:pk>/edit/", clinics.clinic_edit, name="clinic_edit"),
    path("clinics/<int:pk>/slots/", clinics.clinic_generate, name="clinic_generate"),
    path("clinics/slots/<int:pk>/book/", clinics.slot_book, name="slot_book"),
    path("clinics/slots/<int:pk>/coach/", clinics.slot_coach, name="slot_coach"),
    path("clinics/bookings/<int:pk>/cancel/", clinics.booking_cancel, name="booking_cancel"),
    path("clinics/bookings/<int:pk>/outcome/", clinics.booking_outcome, name="booking_outcome"),
    path("sets/", sets.sets, name="sets"),
    path("sets/new/", sets.set_edit, name="set_new"),
    path("sets/<int:pk>/", sets.learning_set, name="set"),
    path("sets/<int:pk>/edit/", sets.set_edit, name="set_edit"),
    path("sets/<int:pk>/meetings/", sets.set_meetings, name="set_meetings"),
    path("sets/meetings/<int:pk>/", sets.meeting, name="meeting"),
    path("programmes/", programmes.programmes, name="programmes"),
    path("programmes/new/", programmes.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", programmes.programme, name="programme"),
    path("programmes/<int:pk>/split/", programmes.programme_split, name="programme_split"),
    path("programmes/teams/<int:pk>/", programmes.team_edit, name="team_edit"),
    path("programmes/teams/<int:pk>/project/", programmes.team_project, name="team_project"),
]
