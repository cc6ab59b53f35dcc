// Scripts only enhance: every page works without them. Loaded as a module from our own origin,
// so the Content-Security-Policy needs no inline script.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
