// After a navigation in the circuit, moves focus to the new page's heading once it is there: most pages render
// their heading only when their data has loaded, after Blazor's FocusOnNavigate has looked for it once.
// Focus is left alone if the person has moved it themselves in the meantime, and never taken from a field they are
// typing in.
const isTypingIn = element => !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
window.focusHeadingWhenShown = (selector, timeoutMs) => {
    const focusedAtStart = document.activeElement;
    const tryFocus = () => {
        const heading = document.querySelector(selector);
        if (!heading) return false;
        const focused = document.activeElement;
        if ((focused === focusedAtStart || focused === document.body) && !isTypingIn(focused)) {
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

// Pages rendered on the server without a circuit (the dashboard, the board pack, the sign-in pages) have no router in
// the browser to do the above: focus their heading when one is loaded, or reached by Blazor's enhanced navigation,
// so every page starts the keyboard at the same place. An address with a fragment (the dashboard's link to all of one
// list, say) starts it at that part instead, where the browser has scrolled. A live refresh fetches the same address
// again into the page the person is reading: their focus stays where it is.
(() => {
    let shown = null;
    const focusHeading = () => {
        if (location.href === shown) return;
        shown = location.href;
        const part = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
        if (part) {
            if (!part.hasAttribute('tabindex')) part.setAttribute('tabindex', '-1');
            part.focus();
            return;
        }
        window.focusHeadingWhenShown('h1', 10_000);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', focusHeading, { once: true });
    else focusHeading();
    const listen = () => window.Blazor?.addEventListener?.('enhancedload', focusHeading);
    if (window.Blazor) listen(); else document.addEventListener('DOMContentLoaded', listen, { once: true });
})();
