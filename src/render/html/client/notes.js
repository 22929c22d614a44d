// Opens a note reference's popover beside it instead of jumping to the note list; without script the links still work.
document.addEventListener('click', function (event) {
  var target = event.target instanceof Element ? event.target : null
  // "In the list of notes": the popover closes as the page goes to the note.
  var listed = target && target.closest('.note-popover-actions a')
  if (listed) {
    var open = listed.closest('[popover]')
    if (open && open.matches(':popover-open')) open.hidePopover()
    return
  }
  var ref = target && target.closest('a.noteref')
  if (!ref || typeof HTMLElement.prototype.showPopover !== 'function') return
  var note = document.getElementById('pop-' + ref.hash.slice(1))
  if (!note) return
  event.preventDefault()
  // Measured before opening: a reference inside another note's popover must keep that popover open (`source`
  // makes it the new one's ancestor), and its place is read while it is surely shown.
  var box = ref.getBoundingClientRect()
  if (!note.matches(':popover-open')) {
    try {
      note.showPopover({ source: ref })
    } catch (e) {
      note.showPopover()
    }
  }
  note.folioRef = ref
  place(note, box)
  note.focus()
  // Before it closes, not on `toggle` (a task queued after the key or click that closed it): a second Escape,
  // pressed at once, would otherwise find focus still in the closed note and leave it there.
  note.addEventListener('beforetoggle', function back(e) {
    if (e.newState !== 'closed') return
    note.removeEventListener('beforetoggle', back)
    if (!note.contains(document.activeElement) && document.activeElement !== document.body) return
    ref.focus()
  })
})

// Tab past the last control (or Shift+Tab before the first) leaves the note: it closes and the reading goes on
// from its reference, not from the end of the page.
document.addEventListener('keydown', function (event) {
  if (event.key !== 'Tab') return
  var note = event.target instanceof Element && event.target.closest('.note-popover')
  if (!note || !note.folioRef) return
  var controls = note.querySelectorAll('a[href], button')
  var first = controls[0]
  var last = controls[controls.length - 1]
  var active = document.activeElement
  if ((!event.shiftKey && active === last) || (event.shiftKey && (active === first || active === note))) {
    event.preventDefault()
    note.hidePopover()
    note.folioRef.focus()
  }
})

// Below the reference on wide screens; the stylesheet makes it a bottom sheet on narrow ones.
function place(note, r) {
  if (!matchMedia('(min-width: 40em)').matches) return note.removeAttribute('style')
  var width = note.offsetWidth
  var left = Math.min(Math.max(8, r.left - width / 2), innerWidth - width - 8)
  var top = r.bottom + 8
  if (top + note.offsetHeight > innerHeight - 8) top = Math.max(8, r.top - note.offsetHeight - 8)
  note.style.left = left + 'px'
  note.style.top = top + 'px'
}
