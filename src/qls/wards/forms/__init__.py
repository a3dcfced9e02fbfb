"""Forms of the ward programme, in NHS.UK markup (see core.forms), one module per page area."""
