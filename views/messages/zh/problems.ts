/** The Simplified Chinese of the refusals a service gives a person (a code already used, a department already there, ...). */
import { shownId, type MissingThing } from '../../../server/domain/problems.js'
import type { Messages } from '../en/index.js'
import { admin } from './admin.js'
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
  reportNoReviewer: () => '您还没有可以共享报告的审核人：请由人力资源部门指定',
  reportNotShared: ({ name }) => `${name}尚未与您共享此报告：只有本人可以在其报告页面共享`,
  noReviewerToShare: () => '您还没有可以共享评分的审核人：请由人力资源部门指定',
  sharingOff: () => '贵机构不使用共享功能：谁能看到您的评分对所有人统一规定，如本页所述',
  newerSelfRating: () => '已有更新的自评取代了这一条：请刷新页面并确认新的自评',
  notFound: ({ thing, id }) => {
    const { name, place } = MISSING_THING_WORDS[thing]
    if (id === undefined) return `${place}没有这个${name}`
    return `${place}没有编号为${typeof id === 'string' ? `“${shownId(id)}”` : ` ${id} `}的${name}`
  },
  noFramework: () => '您的院校还没有能力框架',
  linkNotFound: ({ code, competencyId }) => `项目 ${code} 没有关联能力 ${competencyId}`,
  reportNotFound: ({ view }) => `没有“${shownId(view)}”报告：请选择参与情况、分布或趋势`,
  rerateNeedsCompletion: () => '只有已完成的项目才能重新评分',
  levelOffScale: ({ level, levels }) => `水平 ${level} 不在此框架的量表中（${levels.join('、')}）`,
  validatedLevelMissing: () => '请选择确认的水平',
  targetLevelMissing: () => '请选择目标水平',
  reviewCommentTooLong: ({ max }) => `评语请少于 ${max} 个字符`,
  activityStatusMissing: () => '请选择状态：计划中、进行中或已完成',
  sharingChoiceMissing: () => '请选择共享您的评分或停止共享',
  staffFiltersInvalid: () => '教职员工筛选条件无效：请从表单中选择',
  suppressionSettingsInvalid: () => 'K 必须是 3 至 50 之间的整数，过期期限必须为 1 至 120 个月',
  timeZoneInvalid: ({ timeZone }) => `“${timeZone}”不是可识别的时区：请从列表中选择，例如 Asia/Shanghai`,
  ratingVisibilityInvalid: () => '请选择谁能看到自评：仅汇总数据、每个人自行共享的内容或全部',
  operatorOnlyByOperator: () => '只有平台运营者才能创建另一位运营者',
  frameworkVersionConflict: ({ conflict, slug, version }) => admin.versionConflicts[conflict](slug, version),
  caseChangedSincePreview: ({ slug }) => `在您查看变更之后，CASE 服务器上的 ${slug} 又有变化：未加载任何内容；请重新查看后再加载`,
  evidenceEmpty: () => '请选择要上传的文件：所发送的文件是空的',
  evidenceTypeRefused: ({ name }) => `“${name}”不是可作为证据的文件类型（无论其名称如何）：请上传 PDF、图片（PNG、JPEG、GIF、WebP）或 Word、Excel、PowerPoint、OpenDocument 文件`,
  evidenceArchiveRefused: ({ name }) => `“${name}”看似办公文档，但已损坏或解压后远大于其大小：请打开后重新保存`,
  evidenceMacros: ({ name }) => `“${name}”包含宏：请另存为不含宏的文档（.docx、.xlsx 或 .pptx）后上传`,
  evidenceQuotaFull: ({ limit }) => `您的证据文件将超过 ${limit}：请删除未被任何评分引用的文件，或为大文件提供链接`,
  evidenceFileUnknown: ({ id }) => `您没有编号为 ${id} 的证据文件：请从您的证据库中选择`,
  evidenceTooManyFiles: ({ max }) => `一项评分最多引用 ${max} 个文件`,
  evidenceCited: ({ name }) => `“${name}”已被某项评分引用：它随该评分的历史一起保留`,
  reviewsOff: () => '您的院校规定自评仅本人可见，因此无人审核：如需审核请联系人力资源部门',
  reviewNothingChosen: () => '请至少选择一项需要审核的评分',
  reviewNotRated: ({ code }) => `请先为 ${code} 评分，再申请审核`,
  reviewAlreadyAsked: ({ codes }) => `${codes} 的审核已在等待中：未提出新的申请`,
  reviewDecided: () => '此审核已有结论',
  reviewCommentRequired: () => '请说明缺少哪些证据，以便对方知道要补充什么',
  reviewMessageTooLong: ({ max }) => `留言请少于 ${max} 个字符`,
  uploadTooLarge: ({ limit }) => `文件过大：此表单接受的文件不超过 ${limit}`,
  uploadTooMany: () => '表单发送的文件或字段多于其可接受的数量',
  uploadUnreadable: () => '无法读取该表单：传输被中断，或不是格式正确的 multipart 表单。请重新发送',
  frameworkUseUnknown: ({ frameworkId }) => `没有编号为 ${frameworkId} 的能力框架：请从已加载的框架中选择`,
  frameworkUseTwice: ({ frameworkId }) => `框架 ${frameworkId} 被列了两次：每个框架只需列出一次`,
  frameworkUseTwoVersions: ({ slug }) => `列出了 ${shownId(slug)} 的两个版本：院校同一时间只使用一个框架版本（由平台运营方切换到新版本）`,
  frameworkUsePrimaryMissing: ({ frameworkId }) => `框架 ${frameworkId} 是本院校的主框架（教职工的岗位档案属于它），必须保留使用`,
  frameworkUsePurposeTooLong: ({ max }) => `每项用途请少于 ${max} 个字符`,
  frameworkUseTooMany: ({ max }) => `一所院校最多使用 ${max} 个框架`,
  frameworkUseAudienceUnknown: ({ code }) => `本院校没有岗位档案“${shownId(code)}”：请从本院校的岗位档案中选择适用对象`,
  frameworkNotInUse: ({ frameworkId }) => `您的院校未使用框架 ${frameworkId}：请从院校使用的框架中选择`,
  frameworkUseInstitutionMissing: () => '请指明院校（?institution=<id>）：平台运营方可以操作任何院校',
  frameworkUseTextBroken: ({ frameworkId }) => `框架 ${frameworkId} 的用途或适用对象不是有效文本（含有不成对的 UTF-16 代理字符）`,
  frameworkNotForSubject: ({ frameworkId }) => `您的院校未使用框架 ${frameworkId} 评估单位或院校：请从院校的机构评估中选择`,
  assessmentNotOnPanel: () => '只有人力资源部门及其任命的评估小组可以在此评估中记录水平',
  assessmentResultsPrivate: () => '您的院校仅向人力资源部门和评估小组展示此评估的结果',
  assessmentUnitRequired: () => '请选择此项评判所针对的单位（院系）',
  assessmentUnitNotAsked: () => '此框架评估的是整个院校：请勿指定单位',
  assessmentLevelMissing: () => '请为此测评领域选择一个水平',
  assessmentTextTooLong: ({ max }) => `证据和评语各不超过 ${max} 个字符`,
  resultsVisibilityInvalid: () => '请选择谁可以查看结果：人力资源部门和评估小组，或全体教职工',
  panelTooLarge: ({ max }) => `评估小组最多 ${max} 名成员`,
  roundCloseBeforeOpen: () => '截止日期必须晚于开始日期',
  roundClosesInPast: () => '截止日期已过：请选择更晚的日期',
  roundNobodyInScope: () => '这些部门和岗位档案中没有在职人员：请扩大范围',
  roundNotOpen: () => '只有在评估轮次进行期间才能发送提醒',
}

/** Each thing a request may name that is not there: its name, and where the reader looked. */
const MISSING_THING_WORDS: Readonly<Record<MissingThing, { name: string; place: string }>> = {
  person: { name: '教职员工', place: '您的院校中' },
  department: { name: '部门', place: '您的院校中' },
  roleProfile: { name: '岗位档案', place: '您的院校中' },
  rating: { name: '评分', place: '您的院校中' },
  selfRating: { name: '自评', place: '您的院校中' },
  programme: { name: '项目', place: '' },
  framework: { name: '框架', place: '' },
  institution: { name: '院校', place: '' },
  activity: { name: '活动', place: '您的记录中' },
  competency: { name: '能力', place: '您的框架中' },
  domain: { name: '领域', place: '您的框架中' },
  round: { name: '评估轮次', place: '您的院校中' },
  evidence: { name: '证据文件', place: '您可打开的文件中' },
  review: { name: '审核', place: '待您决定的审核中' },
}

/** A role's name from its code, as the staff pages say it (the API's English message keeps the codes). */
function roleName(code: string): string {
  return staff.roles[code] ?? code
}

function roleNames(codes: string): string {
  // Tolerant of a missing list: a sample call (test/domain/messages.test.ts) may give none.
  return !codes ? '—' : codes.split(', ').map(roleName).join('、')
}
