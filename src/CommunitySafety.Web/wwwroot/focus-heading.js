// After a navigation in the circuit, moves focus to the new page's heading once it is there: most pages render
// their heading only when their data has loaded, after Blazor's FocusOnNavigate has looked for it once.
// Focus is left alone if the person has moved it themselves in the meantime.
window.focusHeadingWhenShown = (selector, timeoutMs) => {
    const focusedAtStart = document.activeElement;
    const tryFocus = () => {
        const heading = document.querySelector(selector);
        if (!heading) return false;
        if (document.activeElement === focusedAtStart || document.activeElement === document.body) {
            if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
            heading.focus({ preventScroll: true });
        }
        return true;
    };
    if (tryFocus()) return;
    const observer = new MutationObserver(() => { if (tryFocus()) observer.disconnect(); });
    observer.observe(document.body, { childList: true, subtree: true });
    setTimeout(() => observer.disconnect(), timeoutMs);
};
