/** The Simplified Chinese strings of who sees a person's self-ratings: the sentence on rating pages, sharing, and HR's setting. */
import type { Messages } from '../en/index.js'

export const visibility: Messages['visibility'] = {
  title: '谁能看到我的评分',
  onlyYou: (k) => `只有您本人。人力资源部门只能在至少 ${k} 人的汇总数据中看到您的评分。`,
  noReviewer: (k) => `只有您本人：您还没有可以共享的审核人。人力资源部门只能在至少 ${k} 人的汇总数据中看到您的评分。`,
  onceShared: (reviewer, k) => `目前只有您本人：您共享后，您和您的审核人${reviewer}可以看到，人力资源部门也可以看到。在此之前，人力资源部门只能在至少 ${k} 人的汇总数据中看到。`,
  sharedNow: (reviewer) => `您、您的审核人${reviewer}和人力资源部门：您已与他们共享评分。`,
  everyone: (reviewer) => `您、您的审核人${reviewer}和人力资源部门。`,
  everyoneNoReviewer: '您和人力资源部门。',
  manage: '共享',
  shareHint: '共享后，您的审核人和人力资源部门可以看到您当前的全部自评及其证据，以及您之后保存的自评。您可以随时停止共享。',
  share: '与我的审核人共享我的评分',
  unshare: '停止共享',
  sharedSince: (date) => `您自${date}起共享。`,
  sharedSaved: '您已与审核人共享评分。',
  unsharedSaved: '您已停止共享评分。',
  notShared: '尚未共享评分',
  reviewPrivate: '贵机构对自评保密：您能看到由您审核的人员，但看不到他们的评分。',
  settingLegend: '谁能看到个人的自评',
  settingHint: '教职员工在每个自评页面上都会看到这一说明。',
  modes: {
    aggregates: '仅汇总数据（默认）',
    shared: '每个人自行共享的内容',
    everything: '全部',
  },
  modeHints: {
    aggregates: '人力资源部门和审核人只能看到至少 K 人的报告，看不到任何个人的等级或证据。',
    shared: '个人共享后，其审核人和人力资源部门可以看到其等级和证据；本人可随时停止共享。',
    everything: '个人的审核人和人力资源部门始终可以看到其等级和证据。仅在贵机构政策要求时选择此项。',
  },
  settingInvalid: '未保存任何内容：请选择谁能看到自评。',
}
