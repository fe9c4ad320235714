// Sends the CSRF token with every htmx request that changes something.
document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header && event.detail.verb !== "get") {
        event.detail.headers[header.content] = token.content;
    }
});

// Dialogs: a button with data-dialog="id" opens that <dialog>; data-close closes the one it is in.
document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-dialog]");
    if (opener) {
        var dialog = document.getElementById(opener.getAttribute("data-dialog"));
        if (dialog && dialog.showModal) {
            event.preventDefault();
            dialog.showModal();
        }
        return;
    }
    var closer = event.target.closest("[data-close]");
    if (closer) {
        var open = closer.closest("dialog");
        if (open) {
            event.preventDefault();
            open.close();
        }
    }
});
