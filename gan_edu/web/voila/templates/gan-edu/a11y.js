// gan-edu's accessibility layer for ipywidgets pages (JupyterLab outputs and the Voila playground).
// ipywidgets 8 gives a slider's handle, the Play widget's icon buttons and an Image widget no accessible name;
// this names them from what the course's Python set (the widget's description and its tooltip), marks the
// course's live descriptions as aria-live regions, and gives the playground its keys (Space, S).
(function () {
  if (window.__ganEduA11y) { return; }
  window.__ganEduA11y = true;
  const ICONS = { 'fa-play': 'Play', 'fa-pause': 'Pause', 'fa-stop': 'Stop', 'fa-retweet': 'Repeat' };
  function name(widget) {
    const label = widget.querySelector(':scope > .widget-label');
    const help = widget.getAttribute('title') || (label && label.getAttribute('title')) || '';
    const text = label ? label.textContent.trim() : '';
    return help || text;
  }
  function label(root) {
    root.querySelectorAll('.widget-slider, .widget-hslider, .widget-vslider').forEach(function (w) {
      const handle = w.querySelector('.noUi-handle');
      const n = name(w);
      if (handle && n && handle.getAttribute('aria-label') !== n) { handle.setAttribute('aria-label', n); }
    });
    root.querySelectorAll('.widget-play button, button.jupyter-button').forEach(function (b) {
      if (b.textContent.trim() || b.getAttribute('aria-label')) { return; }
      const icon = b.querySelector('i');
      const cls = icon ? Array.from(icon.classList).find(function (c) { return ICONS[c]; }) : null;
      b.setAttribute('aria-label', b.getAttribute('title') || (cls ? ICONS[cls] : 'button'));
    });
    root.querySelectorAll('img.widget-image').forEach(function (img) {  // alt: the live line beside the image
      const box = img.parentElement;
      const line = box && box.querySelector(':scope > .gan-edu-live');
      const alt = line ? line.textContent.trim() : (img.getAttribute('title') || '');
      if (img.getAttribute('alt') !== alt) { img.setAttribute('alt', alt); }
    });
    root.querySelectorAll('.gan-edu-live:not([aria-live])').forEach(function (e) {
      e.setAttribute('role', 'status');
      e.setAttribute('aria-live', 'polite');
    });
  }
  function typing(target) {
    return target.closest && target.closest('input, textarea, select, [contenteditable="true"]');
  }
  function control(target) {
    return target.closest && target.closest('button, input, select, textarea, [role="slider"], a');
  }
  document.addEventListener('keydown', function (e) {
    const play = document.querySelector('.playground-play');
    if (!play || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) { return; }
    if ((e.key === 's' || e.key === 'S')) {
      e.preventDefault();
      document.querySelector('.playground-step').click();
    } else if (e.key === ' ' && !control(e.target)) {
      e.preventDefault();
      play.click();
    }
  });
  // help on keyboard focus, as on hover: the focused control's tooltip goes to the page's help line
  document.addEventListener('focusin', function (e) {
    const help = document.querySelector('.gan-edu-help');
    const owner = e.target.closest && e.target.closest('[title], .widget-inline-hbox, .widget-inline-vbox');
    if (!help || !owner) { return; }
    const label = owner.querySelector && owner.querySelector(':scope > .widget-label[title]');
    const text = owner.getAttribute('title') || (label && label.getAttribute('title'));
    if (text) { help.textContent = text; }
  });
  // an upload over the limit is refused here, with a message, before it is sent (gan_edu.playground.datasets)
  const MAX_UPLOAD_BYTES = 2000000;
  document.addEventListener('change', function (e) {
    const input = e.target;
    const files = input && input.files;
    if (!files || !input.closest('.playground-csv, .playground-setup-file')) { return; }
    const big = Array.from(files).find(function (f) { return f.size > MAX_UPLOAD_BYTES; });
    if (!big) { return; }
    e.stopImmediatePropagation();
    input.value = '';
    const message = document.querySelector('.playground-message');
    if (message) {
      message.textContent = big.name + ' has ' + big.size.toLocaleString('en') + ' bytes; files of at most ' +
        MAX_UPLOAD_BYTES.toLocaleString('en') + ' bytes (20,000 points) are accepted';
    }
  }, true);
  function start() {
    label(document);
    new MutationObserver(function () { label(document); })
      .observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['title'], characterData: true });
  }
  if (document.body) { start(); } else { document.addEventListener('DOMContentLoaded', start); }
})();
