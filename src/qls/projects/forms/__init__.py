"""Forms for the registry, in NHS.UK markup and screened for patient identifiers.

Every form with free text uses ``ScreenedFormMixin``: an NHS number in any
text field makes the form invalid, with the error on that field, so nothing
is saved. One module per page or feature.
"""
