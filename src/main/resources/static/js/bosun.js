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

// Log search: an input with data-log-search="selector" keeps only the log lines containing its text (any case)
// in the folds under that selector, opens the folds with a match and hides the others; empty shows all again.
document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-log-search]");
    if (!input) {
        return;
    }
    var root = document.querySelector(input.getAttribute("data-log-search"));
    if (!root) {
        return;
    }
    var text = input.value.trim().toLowerCase();
    var matches = 0;
    root.querySelectorAll(".log-fold").forEach(function (fold) {
        var found = 0;
        fold.querySelectorAll(".log-line").forEach(function (line) {
            var hit = !text || line.textContent.toLowerCase().indexOf(text) >= 0;
            line.classList.toggle("log-hidden", !hit);
            if (hit) {
                found++;
            }
        });
        if (text) {
            fold.classList.toggle("log-hidden", found === 0);
            if (found > 0) {
                fold.open = true;
            }
        } else {
            fold.classList.remove("log-hidden");
        }
        matches += found;
    });
    var count = document.getElementById("log-search-count");
    if (count) {
        count.textContent = text ? (matches === 1 ? "1 line matches" : matches + " lines match") : "";
    }
});

// The menu button of narrow screens: shows or hides the navigation and the account links it folds.
document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-menu-toggle]");
    if (!toggle) {
        return;
    }
    var shell = toggle.closest(".shell");
    var open = shell.classList.toggle("menu-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
});
