// Material opens the phone menu and search with <label> buttons, which the Tab key skips.
// Make them real keyboard controls: focusable and announced as buttons. Material itself clicks a focused label
// on Enter; Space, the other key that works a button, is added here.
document.querySelectorAll("label.md-header__button[for]").forEach((label) => {
  const names = { __drawer: "Open the menu", __search: "Open search" };
  label.setAttribute("tabindex", "0");
  label.setAttribute("role", "button");
  label.setAttribute("aria-label", names[label.htmlFor] || "Open");
  label.addEventListener("keydown", (event) => {
    if (event.key === " ") {
      event.preventDefault();
      label.click();
    }
  });
});
