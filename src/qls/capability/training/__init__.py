"""Learning: QSIR training, from cohorts and enrolments to registers, certificates and reports."""
