/*! otter-embed.js: put an Otter room in your page. See docs/embedding.md. */
(function (root) {
  'use strict';

  function embed(container, roomUrl, options) {
    var opts = options || {};
    var parent = typeof container === 'string' ? document.querySelector(container) : container;
    if (!parent || typeof parent.appendChild !== 'function') {
      throw new TypeError('Otter.embed: container must be an element, or a selector that finds one');
    }
    var url = new URL(roomUrl, location.href);
    var local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
      throw new TypeError('Otter.embed: the room link must use https');
    }
    // Events are trusted only from this origin, and commands go only to it.
    var origin = url.origin;
    // The room's language (`de`, `en`); without it the room follows the browser's languages.
    if (opts.lang) url.searchParams.set('lang', String(opts.lang));
    var frame = document.createElement('iframe');
    frame.setAttribute('allow', 'camera; microphone; display-capture; autoplay');
    // Lets the room learn this page's origin in browsers without location.ancestorOrigins (Firefox).
    frame.setAttribute('referrerpolicy', 'origin');
    frame.setAttribute('title', opts.title || 'Video call');
    frame.style.border = '0';
    frame.style.width = '100%';
    frame.style.height = '100%';
    frame.src = url.href;
    parent.appendChild(frame);

    function onMessage(event) {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      var data = event.data;
      if (!data || data.source !== 'otter' || typeof data.type !== 'string') return;
      if (typeof opts.onEvent === 'function') opts.onEvent(data);
    }
    window.addEventListener('message', onMessage);

    function send(type) {
      if (frame.contentWindow) frame.contentWindow.postMessage({ source: 'otter', type: type }, origin);
    }

    return {
      iframe: frame,
      leave: function () { send('leave'); },
      toggleMic: function () { send('toggle-mic'); },
      toggleCamera: function () { send('toggle-camera'); },
      destroy: function () {
        window.removeEventListener('message', onMessage);
        if (frame.parentNode) frame.parentNode.removeChild(frame);
      },
    };
  }

  root.Otter = root.Otter || {};
  root.Otter.embed = embed;
})(window);
