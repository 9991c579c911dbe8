// Reloads the page, unless this address was reloaded this way in the last ten seconds: a circuit whose address
// never matches the page's (a host that rewrites paths, say) must not reload for ever. Returns whether it reloads.
window.reloadOnce = () => {
    const key = 'reload-once:' + location.href;
    const last = Number(sessionStorage.getItem(key) || 0);
    if (Date.now() - last < 10_000) return false;
    sessionStorage.setItem(key, String(Date.now()));
    location.reload();
    return true;
};
