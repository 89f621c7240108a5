/** The Simplified Chinese of the refusals a service gives a person (a code already used, a department already there, ...). */
import type { Messages } from '../en/index.js'
import { staff } from './staff.js'

export const problems: Messages['problems'] = {
  programmeCodeTaken: ({ code }) => `代码 ${code} 已被另一个项目使用：请换一个`,
  programmeStale: () => '在您编辑期间，其他人保存了这个项目。您的修改没有保存：以下是项目的当前内容。',
  programmePublishedNeedsLinks: ({ code }) => `${code} 已发布：至少需要关联一项能力。请先取消发布，再全部移除。`,
  programmePublishedLastLink: ({ code }) => `${code} 已发布：至少需要关联一项能力。请先取消发布，再移除最后一项。`,
  programmeWithoutLinks: ({ code }) => `${code} 尚未培养任何能力：发布前请至少关联一项，以便推荐。`,
  linkUnknown: ({ competencyId }) => `此框架中没有可评估的能力 ${competencyId}`,
  linkTwice: ({ competency }) => `${competency} 被关联了两次：每项能力只保留一个关联`,
  linkFromOffScale: ({ competency, level, max }) => `${competency}：起始水平 ${level} 不在量表范围内（0 到 ${max}）`,
  linkToOffScale: ({ competency, level, max }) => `${competency}：目标水平 ${level} 不在量表范围内（1 到 ${max}）`,
  linkNotAbove: ({ competency, from, to }) => `${competency}：目标水平 ${to} 必须高于起始水平 ${from}`,
  linksSeveral: ({ count }) => `关联中有 ${count} 处问题；未保存任何内容`,
  ownReviewer: () => '不能担任自己的审核人',
  emailOnStaffList: ({ email }) => `${email} 已在您的教职员工名单中`,
  emailInOtherInstitution: ({ email }) => `${email} 已被其他院校的账户使用`,
  ownAccount: () => '您不能停用自己的账户，也不能更改自己的角色；请联系另一位人事同事',
  roleNotGrantable: ({ role, roles }) => `您不能授予“${roleName(role)}”角色；您可以授予的角色为：${roleNames(roles)}`,
  departmentNameInvalid: () => '部门名称须为 1 到 200 个字符',
  departmentExists: ({ name }) => `已有名为“${name}”的部门`,
  departmentHasPeople: ({ name, count }) => `“${name}”仍有 ${count} 名在职人员：请先将他们调到其他部门`,
  institutionExists: ({ name }) => `已有名为“${name}”的院校`,
  emailHasAccount: ({ email }) => `${email} 已有账户`,
  programmeInLog: ({ activity }) => `此项目已在您的记录中（活动 ${activity}）：请修改该活动`,
  activityTitleOrProgramme: () => '请为活动填写标题，或选择一个项目',
  activityTitleRequired: () => '活动必须有标题',
  activityStaysCompleted: () => '已完成的活动不能改回其他状态；如需再次参加，请新建一项活动',
  activityNotBackToPlanned: () => '进行中的活动不能改回计划中',
  activityDatesReversed: ({ completedAt, startedAt }) => `完成日期 ${completedAt} 早于开始日期 ${startedAt}`,
  activityCompletionDateTooEarly: () => '只有已完成的活动才有完成日期',
  ratingsAggregatesOnly: ({ name }) => `贵机构对每个人的自评保密：人力资源部门和审核人只能看到多人的汇总数据，因此无法查看${name}本人的等级和证据`,
  ratingsNotShared: ({ name }) => `${name}尚未与其审核人共享自评：对方共享后您才能查看`,
  noReviewerToShare: () => '您还没有可以共享评分的审核人：请由人力资源部门指定',
  sharingOff: () => '贵机构不使用共享功能：谁能看到您的评分对所有人统一规定，如本页所述',
  newerSelfRating: () => '已有更新的自评取代了这一条：请刷新页面并确认新的自评',
}

/** A role's name from its code, as the staff pages say it (the API's English message keeps the codes). */
function roleName(code: string): string {
  return staff.roles[code] ?? code
}

function roleNames(codes: string): string {
  // Tolerant of a missing list: a sample call (test/domain/messages.test.ts) may give none.
  return !codes ? '—' : codes.split(', ').map(roleName).join('、')
}
