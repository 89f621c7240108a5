// Copy buttons: a button with data-copy puts that text on the clipboard and says so. The buttons are
// hidden until this script runs, so without JavaScript the text beside them is there to select.
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  button.hidden = false
  button.addEventListener('click', function () {
    navigator.clipboard.writeText(button.getAttribute('data-copy')).then(function () {
      button.textContent = button.getAttribute('data-copied')
      if (button.hasAttribute('aria-label')) button.setAttribute('aria-label', button.getAttribute('data-copied'))
    })
  })
})
