import type { Messages } from '../en/index.js'

/** 引导式自评（/self-assessment）。 */
export const selfAssessment: Messages['selfAssessment'] = {
  title: '开始自评',
  intro: (framework: string) => `请根据${framework}中您的岗位所要求的能力逐项自评，每屏一项。您可以随时停下，之后从停下的地方继续。`,
  progress: (rated: number, total: number) => `已评估 ${rated} / ${total} 项`,
  start: '开始',
  continue: '从上次停下的地方继续',
  allRated: '您已评估岗位要求的全部能力。每项答案都可以修改。',
  reviewAnswers: '查看我的答案',
  competencyOf: (place: number, total: number) => `第 ${place} 项，共 ${total} 项`,
  notAsked: '您的岗位不要求这项能力；您仍然可以评估它。',
  chooseLevel: '哪一项最符合您的实际工作？',
  saveNext: '保存并继续',
  skip: '暂时跳过',
  previous: '上一项',
  next: '下一项',
  saved: (code: string) => `${code} 已保存。`,
  back: '返回总览',
  summaryTitle: '您的答案',
  summaryIntro: '完成前请检查您的答案；每项都可以修改。',
  change: '修改',
  notRated: '尚未评估',
  rate: '评估',
  finish: '完成：查看我的计划',
  notFinished: (left: number) => `还有 ${left} 项能力尚未评估。`,
}
