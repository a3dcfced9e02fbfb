"""The demo's ward programme and accreditation."""
