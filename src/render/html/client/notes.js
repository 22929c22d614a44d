// Opens a note reference's popover beside it instead of jumping to the note list; without script the links still work.
document.addEventListener('click', function (event) {
  var ref = event.target instanceof Element && event.target.closest('a.noteref')
  if (!ref || typeof HTMLElement.prototype.showPopover !== 'function') return
  var note = document.getElementById('pop-' + ref.hash.slice(1))
  if (!note) return
  event.preventDefault()
  if (!note.matches(':popover-open')) note.showPopover()
  place(note, ref)
  note.focus()
  note.addEventListener('toggle', function back(e) {
    if (e.newState !== 'closed') return
    note.removeEventListener('toggle', back)
    if (!note.contains(document.activeElement) && document.activeElement !== document.body) return
    ref.focus()
  })
})

// Below the reference on wide screens; the stylesheet makes it a bottom sheet on narrow ones.
function place(note, ref) {
  if (!matchMedia('(min-width: 40em)').matches) return note.removeAttribute('style')
  var r = ref.getBoundingClientRect()
  var width = note.offsetWidth
  var left = Math.min(Math.max(8, r.left - width / 2), innerWidth - width - 8)
  var top = r.bottom + 8
  if (top + note.offsetHeight > innerHeight - 8) top = Math.max(8, r.top - note.offsetHeight - 8)
  note.style.left = left + 'px'
  note.style.top = top + 'px'
}
