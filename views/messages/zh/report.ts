import type { Messages } from '../en/index.js'

/** 个人反馈报告（/me/report）。 */
export const report: Messages['report'] = {
  title: '我的报告',
  intro: (framework: string) => `用文字说明您对照《${framework}》中岗位目标的自我评估。如需保存，请通过浏览器的打印菜单打印或另存为 PDF。`,
  private: '本报告仅属于您：其他人无法打开。',
  domainsTitle: '您的现状',
  domain: '领域',
  standingHeader: '对照您的目标',
  rated: '已评估',
  ratedOf: (rated: number, asked: number) => `${rated} / ${asked}`,
  standings: {
    met: '您已达到所评估的全部目标。',
    close: '与目标相差约一个等级以内。',
    below: '平均低于目标一个等级以上。',
    unrated: '尚未评估。',
  },
  changeSince: (round: string) => `自“${round}”以来`,
  change: (value: string, direction: 'up' | 'down' | 'same') => (direction === 'same' ? '没有变化' : `平均${direction === 'up' ? '提高' : '降低'} ${value}`),
  strengthsTitle: '您的优势',
  noStrengths: '您评估的能力中尚无达到目标的。',
  prioritiesTitle: '您的三项优先事项',
  noPriorities: '您评估的能力中没有差距。',
  levelAgainst: (level: string, target: string) => `${level}；您的目标：${target}`,
  programmesFor: '能帮助您从当前水平提升的项目（学时最短的在前）：',
  noProgramme: '目前还没有以您的语言授课的项目涵盖这一项。',
  openPlan: '查看完整计划',
  link: '阅读您的报告',
}
