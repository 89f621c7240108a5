/** The English strings of who sees a person's self-ratings: the sentence on rating pages, sharing, and HR's setting. */

export const visibility = {
  title: 'Who sees my ratings',
  /** The sentence each page that takes a rating shows, by audience (server/domain/visibility.ts). */
  onlyYou: (k: number) => `Only you. Your HR sees your ratings only in totals of at least ${k} people.`,
  noReviewer: (k: number) => `Only you: you have no reviewer to share them with yet. Your HR sees your ratings only in totals of at least ${k} people.`,
  onceShared: (reviewer: string, k: number) =>
    `Only you for now: you and your reviewer, ${reviewer}, once you share them, and then HR too. Until then your HR sees them only in totals of at least ${k} people.`,
  sharedNow: (reviewer: string) => `You, your reviewer ${reviewer} and HR: you share your ratings with them.`,
  everyone: (reviewer: string) => `You, your reviewer ${reviewer} and HR.`,
  everyoneNoReviewer: 'You and HR.',
  /** On pages other than the profile: where to share or read more. */
  manage: 'Sharing',
  shareHint: 'Sharing shows your reviewer and HR all your current self-ratings with their evidence, and those you save later. You can stop at any time.',
  share: 'Share my ratings with my reviewer',
  unshare: 'Stop sharing',
  sharedSince: (date: string) => `You have shared them since ${date}.`,
  sharedSaved: 'You now share your ratings with your reviewer.',
  unsharedSaved: 'You no longer share your ratings.',
  /** Beside a person a reviewer cannot open. */
  notShared: 'has not shared their ratings',
  reviewPrivate: 'Your institution keeps self-ratings private: you see whom you review, not their ratings.',
  /** HR's setting. */
  settingLegend: "Who sees a person's self-ratings",
  settingHint: 'Staff are told on every page where they rate themselves.',
  modes: {
    aggregates: 'Totals only (the default)',
    shared: 'What each person shares',
    everything: 'Everything',
  },
  modeHints: {
    aggregates: "HR and reviewers see reports of at least K people, never one person's levels or evidence.",
    shared: "A person's reviewer and HR see their levels and evidence once the person shares them; the person can stop sharing at any time.",
    everything: "A person's reviewer and HR always see their levels and evidence. Choose this only where your institution's policy requires it.",
  },
  settingInvalid: 'Nothing was saved: choose who sees self-ratings.',
}
