import t from 'tap'
import { auditPages } from '../helpers/accessibility.js'

// axe-core on every page in one language (one file per language keeps each within tap's timeout).
auditPages(t, ['fr'], false)
