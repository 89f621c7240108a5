/** The Chinese names of the audit log's actions, by the code each entry stores. */
import type { Messages } from '../en/index.js'

export const audit: Messages['audit'] = {
  actions: {
    'rating.self': '进行了自评',
    'rating.validate': '审核了一项评估',
    'target.set': '设定了目标',
    'target.clear': '删除了目标',
    'activity.create': '记录了一项活动',
    'activity.update': '更新了一项活动',
    'account.password': '修改了密码',
    'staff.create': '添加了人员',
    'staff.update': '编辑了人员',
    'staff.import': '导入了教职员工',
    'staff.invitation': '发送了新的邀请',
    'staff.password': '通过邀请设置了密码',
    'department.create': '添加了部门',
    'department.rename': '重命名了部门',
    'settings.update': '修改了本校设置',
    'programme.create': '创建了培训项目',
    'programme.update': '编辑了培训项目',
    'programme.link': '为培训项目关联了能力',
    'programme.unlink': '取消了培训项目的能力关联',
    'programme.links': '替换了培训项目的能力',
    'catalogue.import': '导入了项目目录',
    'framework.import': '导入了能力框架',
    'framework.version': '加载了新的框架版本',
    'institution.create': '创建了院校',
  },
  unnamed: '其他更改',
}
