"""The ward improvement programme and ward accreditation."""
