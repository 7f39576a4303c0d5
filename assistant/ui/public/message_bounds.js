// A message too large for the chat's socket is refused here, with a visible answer, before it
// is sent. Sent anyway, socket.io would close the connection and the server would never see
// it (assistant/ui/bounds.py sets the buffer; tests/unit/hardening checks the two agree).
(() => {
  "use strict";

  const SOCKET_BUFFER_BYTES = 8388608; // assistant.ui.bounds.SOCKET_BUFFER_BYTES
  // The frame carries the message's ids, thread and time beside its text: a few hundred
  // characters, kept well clear of.
  const FRAME_OVERHEAD = 4096;
  const NOTICE_ID = "budgetmix-oversized-notice";

  // The server counts the characters of the frame, where the text is JSON-escaped.
  const frameSize = (text) => JSON.stringify(text).length + FRAME_OVERHEAD;
  const megabytes = (size) => (size / 2 ** 20).toFixed(1);

  function composer() {
    return document.getElementById("chat-input");
  }

  function removeNotice() {
    const notice = document.getElementById(NOTICE_ID);
    if (notice) notice.remove();
  }

  function showNotice(size) {
    removeNotice();
    const notice = document.createElement("div");
    notice.id = NOTICE_ID;
    notice.setAttribute("role", "alert");
    notice.className = "budgetmix-oversized-notice";
    const text = document.createElement("p");
    text.textContent =
      `Your message is ${megabytes(size)} MB; the chat carries at most ` +
      `${megabytes(SOCKET_BUFFER_BYTES)} MB in one message, so it was not sent (it is still ` +
      "in the box). Upload the figures as a CSV or Excel file with the paperclip instead, " +
      "or send them in several shorter messages.";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.addEventListener("click", removeNotice);
    notice.append(text, close);
    const anchor = document.getElementById("message-composer");
    if (anchor && anchor.parentElement) {
      anchor.parentElement.insertBefore(notice, anchor);
    } else {
      document.body.append(notice);
    }
  }

  // True when the composer's message is too large: the send is then stopped.
  function refuseOversized() {
    const input = composer();
    if (!input) return false;
    const size = frameSize(input.value);
    if (size <= SOCKET_BUFFER_BYTES) return false;
    showNotice(size);
    return true;
  }

  function stop(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  // Capture on window runs before React's own listeners on its root element.
  window.addEventListener(
    "keydown",
    (event) => {
      const sending = event.key === "Enter" && !event.shiftKey && !event.isComposing;
      if (sending && event.target === composer() && refuseOversized()) stop(event);
    },
    true
  );
  window.addEventListener(
    "click",
    (event) => {
      const button = event.target instanceof Element && event.target.closest("#chat-submit");
      if (button && refuseOversized()) stop(event);
    },
    true
  );
  window.addEventListener(
    "input",
    (event) => {
      const input = composer();
      if (event.target === input && frameSize(input.value) <= SOCKET_BUFFER_BYTES) {
        removeNotice();
      }
    },
    true
  );

  // Any other path to the socket (a future composer, a script) is held to the same bound:
  // the frame is not sent, so the connection stays open, and the CMO is told.
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function guardedSend(data) {
    if (typeof data === "string" && data.length > SOCKET_BUFFER_BYTES) {
      showNotice(data.length);
      return;
    }
    send.call(this, data);
  };
})();
