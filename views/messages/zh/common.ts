/** The Simplified Chinese strings every page shares: the app name, navigation, language switch, errors, validation and the number and date formats. */
import * as format from '../../format.js'
import type { Messages } from '../en/index.js'

export const appName: Messages['appName'] = '能力追踪'

export const skipToContent: Messages['skipToContent'] = '跳到正文'

export const nav: Messages['nav'] = {
  home: '我的档案',
  framework: '能力框架',
  plan: '我的计划',
  programmes: '培训项目',
  activities: '我的活动',
  hr: '本校概况',
  staff: '教职员工',
  audit: '审计日志',
  menu: '菜单',
  signOut: '退出登录',
  signedInAs: (name: string, institution: string) => `当前用户：${name}（${institution}）`,
}

export const punctuation: Messages['punctuation'] = {
  colon: '：',
  listSeparator: '、',
  sentenceSeparator: '。',
  openParenthesis: '（',
  closeParenthesis: '）',
}

export const language: Messages['language'] = {
  label: '语言',
  unknownTitle: '不支持该语言',
  unknown: '不支持该语言。请选择 English、Français 或中文。',
}

export const errors: Messages['errors'] = {
  title: '出错了',
  notFound: '页面不存在',
  notFoundText: '此地址没有内容。页面可能已移动，或链接输入有误。',
  forbidden: '无权访问',
  csrf: '此表单已过期。请刷新页面后重试。',
  serverError: '抱歉，我们这边出了问题。您最近的修改可能没有保存，请重试。',
  backHome: '返回我的档案',
  unavailable: '暂时无法使用',
  unavailableText: '数据库暂时没有响应，因此没有读取或保存任何内容。请一分钟后再试。',
  badUrl: '此地址无效。请检查链接，或返回后重试。',
  urlTooLong: '此地址过长。请检查链接，或返回后重试。',
}

export const validation: Messages['validation'] = {
  levelRequired: '请选择一个水平。',
  levelOffScale: (levels: string) => `请从以下水平中选择：${levels}。`,
  evidenceTooLong: (max: number) => `证据请不要超过 ${max} 个字符。`,
  urlInvalid: '请输入以 http:// 或 https:// 开头的完整网址。',
}

export const formatDate: Messages['formatDate'] = (date: Date) => format.formatDate('zh', date)

export const formatNumber: Messages['formatNumber'] = (value: number, digits = 1) => format.formatNumber('zh', value, digits)

export const formatPercent: Messages['formatPercent'] = (share: number) => format.formatPercent('zh', share)
