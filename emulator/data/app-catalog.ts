/**
 * What the seeded apps are called and how they are identified: plausible Chinese app names
 * with a pinyin slug to build package names, bundle ids and H5 origins from. Fictitious;
 * domains end in `.example` (RFC 2606) so nothing points at a real site.
 */
export interface CatalogEntry {
  name: string;
  slug: string;
  description: string;
}

export const APP_CATALOG: readonly CatalogEntry[] = [
  { name: '鲸选商城', slug: 'jingxuan', description: '综合电商购物平台' },
  { name: '速达出行', slug: 'suda', description: '网约车与顺风车出行服务' },
  { name: '青柠阅读', slug: 'qingning', description: '网络文学与有声书' },
  { name: '云途银行', slug: 'yuntu', description: '手机银行与理财' },
  { name: '拾光相册', slug: 'shiguang', description: '云相册与照片备份' },
  { name: '知途学堂', slug: 'zhitu', description: '职业教育在线课程' },
  { name: '悦动健身', slug: 'yuedong', description: '运动记录与健身课程' },
  { name: '星河音乐', slug: 'xinghe', description: '在线音乐与歌单' },
  { name: '橙意生活', slug: 'chengyi', description: '本地生活服务' },
  { name: '麦田短剧', slug: 'maitian', description: '短剧与短视频' },
  { name: '海豚租房', slug: 'haitun', description: '长租公寓与房源信息' },
  { name: '云朵医生', slug: 'yunduo', description: '在线问诊与挂号' },
  { name: '小鹿记账', slug: 'xiaolu', description: '个人记账与预算' },
  { name: '熊猫优选', slug: 'xiongmao', description: '社区团购' },
  { name: '柚子社区', slug: 'youzi', description: '兴趣社区与论坛' },
  { name: '竹叶证券', slug: 'zhuye', description: '股票交易与行情' },
  { name: '晴天天气', slug: 'qingtian', description: '天气预报' },
  { name: '木棉招聘', slug: 'mumian', description: '求职招聘' },
  { name: '白鹭旅行', slug: 'bailu', description: '酒店机票预订' },
  { name: '山海游戏', slug: 'shanhai', description: '休闲游戏平台' },
  { name: '极光相机', slug: 'jiguang', description: '拍照修图' },
  { name: '锦鲤理财', slug: 'jinli', description: '基金理财' },
  { name: '蓝鲸网盘', slug: 'lanjing', description: '云存储与文件同步' },
  { name: '暖阳养老', slug: 'nuanyang', description: '居家养老服务' },
];

/** Reasons a reviewer gives when rejecting (used for the seeded rejected app). */
export const REJECT_REASONS: readonly string[] = [
  'Android 应用签名与包名不匹配，请核对后重新提交',
  '应用名称与上架名称不一致，请修改后重新提交',
  'IP 白名单包含内网地址，请填写服务器公网出口 IP',
];
