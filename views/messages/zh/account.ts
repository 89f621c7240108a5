/** The Simplified Chinese strings of signing in, invitations, the account page and the invitation mail. */
import type { Messages } from '../en/index.js'

export const login: Messages['login'] = {
  title: '登录',
  intro: '请使用学校提供的电子邮箱和密码登录。',
  email: '电子邮箱',
  password: '密码',
  submit: '登录',
  failed: '该邮箱与密码不匹配任何账户。请检查后重试。',
  missing: '请输入电子邮箱和密码。',
  demoHint: '演示环境中所有账户的密码均为 demo-password：',
  passwordsOff: '您的大学使用其自己的账户为您登录，而不是此处的密码：请使用上方的“您的大学账户”。',
  providerTitle: '您的大学账户',
  providerIntro: '您的大学是否通过 Google、Microsoft 或其他单点登录方式让您登录？请输入工作邮箱，然后在那里继续。',
  providerEmail: '工作邮箱',
  providerSubmit: '继续',
  orPassword: '或使用密码登录',
  providerChoice: '您的大学提供多种登录方式：请选择一种。',
  signInWith: (provider: string) => `使用 ${provider} 登录`,
  unknownDomain: (domain: string) => `${domain} 尚未设置单点登录。请使用密码登录，或联系人力资源部门。`,
  emailMissing: '请输入您的工作邮箱。',
  flowLost: '登录耗时过长，或是在另一个浏览器中开始的。请重新开始。',
  providerCancelled: (provider: string) => `在 ${provider} 的登录已取消或被拒绝。如需登录，请重新开始。`,
  providerFailed: (provider: string) => `使用 ${provider} 登录未能完成。请重新开始；如果再次发生，请告知人力资源部门。`,
  providerUnavailable: (provider: string) => `无法连接 ${provider}。请几分钟后再试。`,
  refusals: {
    emailNotVerified: (provider: string) => `${provider} 未确认该邮箱属于您，因此无法在此为您登录。请联系信息技术部门。`,
    emailOutsideDomains: (provider: string) => `${provider} 使用了一个不属于此处服务范围的邮箱为您登录。请使用您的大学账户。`,
    accountDisabled: (_provider: string) => '您在此处的账户已停用。请联系人力资源部门。',
    noAccount: (provider: string) => `${provider} 认识您，但您在此处还没有账户。请联系人力资源部门为您添加。`,
    identityTaken: (provider: string) => `您在此处的账户已关联 ${provider} 的另一个账户。请使用那个账户登录，或联系人力资源部门。`,
  },
}

export const invite: Messages['invite'] = {
  title: '设置密码',
  intro: (name: string, email: string) => `欢迎您，${name}。请为 ${email} 设置密码。`,
  password: '新密码',
  confirm: '再次输入密码',
  hint: '至少 10 个字符。由几个词组成的短语既好记又难猜。',
  submit: '设置密码并登录',
  tooShort: '请至少使用 10 个字符。',
  tooLong: '请不要超过 200 个字符。',
  mismatch: '两次输入的密码不一致。',
  invalid: '该邀请链接无效：可能已被使用或已过期。请向人事部门索取新的链接。',
}

export const mail: Messages['mail'] = {
  invitationSubject: (institution: string) => `您在 Competency Tracker 上的${institution}账户`,
  invitationText: (name: string, institution: string, url: string, days: number) =>
    `${name}，您好：\n\n${institution}已将您添加到 Competency Tracker。您可以在这里对照能力框架进行自我评估，并规划您的专业发展。\n\n请在此设置密码（链接仅可使用一次，${days} 天内有效）：\n${url}\n\n如果您没有预期收到此邮件，可以忽略它。`,
}

export const account: Messages['account'] = {
  changePassword: '修改密码',
  changePasswordIntro: '修改密码后，您在其他地方的登录都会退出：其他浏览器和 API 令牌将失效。当前浏览器保持登录。',
  currentPassword: '当前密码',
  newPassword: '新密码',
  confirmPassword: '再次输入新密码',
  passwordHint: (min: number, max: number) => `${min} 到 ${max} 个字符。由几个词组成的短语既好记又难猜；不要求数字或符号。`,
  submit: '修改密码',
  changed: '您的密码已修改。您的其他所有会话均已结束。',
  currentMissing: '请输入当前密码。',
  currentWrong: '当前密码不正确。',
  sameAsCurrent: '新密码与当前密码相同：请另选一个。',
  mismatch: '两次输入的新密码不一致。',
  tooShort: (length: number, min: number) => `密码只有 ${length} 个字符：请至少使用 ${min} 个。`,
  tooLong: (length: number, max: number) => `密码有 ${length} 个字符：请最多使用 ${max} 个。`,
  repetitive: '密码只是同一个字符的重复：请选择更难猜的密码。',
  common: '这是最常见的密码之一，攻击者会首先尝试：请另选一个。',
  personal: '密码不能是您的电子邮件地址或姓名。',
  throttled: (minutes: number) => `登录尝试次数过多。请等待 ${minutes} 分钟后再试。`,
  signOutNote: '退出登录会结束您在所有设备上的会话。',
}
