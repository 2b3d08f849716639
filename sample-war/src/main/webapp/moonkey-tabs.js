// moonkey-tabs.js: the application's other open tabs leave signed-in pages at once after a logout.
// - signed-in pages call moonkeyTabs.follow(signedOutUrl): when another tab logs out, they go
//   to the signed-out page (location.replace: the signed-in page leaves the history too);
// - the signed-out page (the filter's "redirect" target, where a form logout lands) calls
//   moonkeyTabs.announce(), and so does a fetch logout once the JSON answer is in.
// The signed-out page must not follow: it would send the other signed-out tabs round in a loop.
"use strict";
const moonkeyTabs = (() => {
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("moonkey-logout") : null;
  return {
    follow(signedOutUrl) {
      if (channel) channel.onmessage = (event) => {
        if (event.data === "logged-out") window.location.replace(signedOutUrl);
      };
    },
    announce() {
      if (channel) channel.postMessage("logged-out");
    },
  };
})();
