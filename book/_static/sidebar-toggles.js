// pydata-sphinx-theme 0.17 and sphinx-book-theme 1.3 attach their sidebar handlers to the
// first .primary-toggle / .secondary-toggle only (pydata-sphinx-theme#2451), a navbar button
// that this layout hides; forward clicks on the visible buttons to it.
document.addEventListener("DOMContentLoaded", () => {
  for (const selector of [".primary-toggle", ".secondary-toggle"]) {
    const [first, ...others] = document.querySelectorAll(selector);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        first.click();
      });
    }
  }
});
