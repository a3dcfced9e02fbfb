// NHS.UK frontend styles its components differently once it knows scripts run.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
