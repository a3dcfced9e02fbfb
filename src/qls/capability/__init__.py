"""Learning (training and coaching): QSIR courses, cohorts, self-efficacy, coaches, clinics and action learning sets.

Shown to users as "Learning" at ``/learning/``; the app label stays
``capability``. ``training/`` holds the course, enrolment and report rules,
``coaching/`` the coach pool, mentoring, clinics, sets and programmes,
``models/`` the models of both, ``views/`` the pages.
"""
