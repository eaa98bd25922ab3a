// UI strings of the 'backup' area (workspace backup and restore), zh-CN first.
export default {
  'zh-CN': {
    backup: {
      title: '备份与恢复',
      description: '在控制台运行时把当前工作区的本地数据完整复制一份（包括认证记录、汇总、账单与同步进度），需要时可原样恢复。',
      create: '立即备份',
      running: '正在备份…',
      restoring: '正在恢复…',
      checking: '正在校验…',
      empty: '这个工作区还没有备份。',
      columns: {
        createdAt: '备份时间',
        records: '认证记录',
        size: '大小',
        schema: '数据版本',
        actions: '操作',
      },
      restore: '恢复',
      confirmTitle: '用这个备份替换当前数据？',
      confirmBody: '工作区“{name}”的本地数据将被替换为 {time} 的备份（{records} 条认证记录）。之后的数据会在下次同步时重新获取。恢复期间后台同步暂停。',
      confirm: '替换并恢复',
      created: '备份完成：{records} 条认证记录，{size}',
      restored: '已恢复到 {time} 的备份',
      cancelled: '已取消备份，没有留下任何文件',
    },
  },
  'en-US': {
    backup: {
      title: 'Backup and restore',
      description:
        "Copy this workspace's whole local store (auth records, rollups, bills and sync progress) while the console runs, and put it back when needed.",
      create: 'Back up now',
      running: 'Backing up…',
      restoring: 'Restoring…',
      checking: 'Checking…',
      empty: 'This workspace has no backups yet.',
      columns: {
        createdAt: 'Taken at',
        records: 'Auth records',
        size: 'Size',
        schema: 'Data version',
        actions: 'Actions',
      },
      restore: 'Restore',
      confirmTitle: 'Replace the current data with this backup?',
      confirmBody:
        'The local data of workspace “{name}” will be replaced by the backup taken at {time} ({records} auth records). Anything newer is fetched again by the next sync. Background sync pauses while it restores.',
      confirm: 'Replace and restore',
      created: 'Backup done: {records} auth records, {size}',
      restored: 'Restored the backup taken at {time}',
      cancelled: 'Backup cancelled; no file was left behind',
    },
  },
};
