// Loaded as a classic script at the top of <body>, so GOV.UK Frontend styles for JavaScript
// apply before first paint without an inline script (the Content-Security-Policy forbids those).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
