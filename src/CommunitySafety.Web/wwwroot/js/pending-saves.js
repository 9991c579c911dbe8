// What this tab has sent to the server and not yet heard back about. Kept in the tab's session storage until the
// answer comes, so that a page reloaded after a lost connection can ask whether it was saved.
const key = "communitysafety.pending-saves";

function read() {
    try {
        return JSON.parse(sessionStorage.getItem(key) ?? "{}") ?? {};
    } catch {
        return {};
    }
}

export function remember(id, entry) {
    const all = read();
    all[id] = entry;
    sessionStorage.setItem(key, JSON.stringify(all));
}

export function forget(id) {
    const all = read();
    delete all[id];
    if (Object.keys(all).length === 0) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(all));
}

export function list() {
    return Object.entries(read()).map(([id, entry]) => ({ ...entry, id }));
}

export function copy(text) {
    return navigator.clipboard.writeText(text);
}
