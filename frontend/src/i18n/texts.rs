//! Every fixed string of the console, in English and Simplified Chinese. The English wording of
//! labels and buttons is what tests and screen readers rely on: change it with care.

macro_rules! texts {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// A fixed string of the UI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        impl Key {
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];

            pub fn en(self) -> &'static str {
                match self { $(Key::$key => $en,)* }
            }

            pub fn zh(self) -> &'static str {
                match self { $(Key::$key => $zh,)* }
            }
        }
    };
}

texts! {
    // Shell
    SkipToContent => "Skip to content", "跳到正文";
    Account => "Account", "账号";
    Language => "Language", "语言";
    DarkMode => "Dark mode", "深色模式";
    OtherLanguage => "中文", "English";
    Demo => "demo", "演示";
    Region => "Region", "区域";
    Loading => "Loading…", "加载中…";
    NoAccountsTitle => "No accounts are configured", "尚未配置账号";
    NoAccountsHint => "Start snapdeck without --config for the demo, or add accounts to its configuration file.", "不带 --config 启动 snapdeck 可进入演示模式，或在配置文件中添加账号。";
    PageNotFoundTitle => "Page not found", "页面不存在";
    PageNotFoundHint => "There is nothing at this address. Go back to the snapshot list.", "此地址没有内容，请返回快照列表。";
    GoToSnapshots => "Go to snapshots", "前往快照列表";
    PageUnavailableTitle => "This page could not be loaded", "无法加载此页面";
    PageUnavailableHint => "Its code did not arrive: the connection failed, or the console was updated since this tab opened. Reload to try again.", "页面代码未能加载：连接失败，或控制台在此标签页打开后已更新。请重新加载后再试。";
    Reload => "Reload", "重新加载";

    // List
    Snapshots => "Snapshots", "快照";
    CreateSnapshot => "Create snapshot", "创建快照";
    Refresh => "Refresh", "刷新";
    Filters => "Filters", "筛选";
    Name => "Name", "名称";
    Status => "Status", "状态";
    VolumeId => "Volume ID", "云硬盘 ID";
    DiskId => "Disk ID", "云硬盘 ID";
    DiskUsage => "Disk usage", "磁盘用途";
    ProjectId => "Project ID", "项目 ID";
    PageSize => "Page size", "每页条数";
    AnyStatus => "Any status", "全部状态";
    AnyDisk => "Any disk", "全部磁盘";
    SystemDisk => "System disk", "系统盘";
    DataDisk => "Data disk", "数据盘";
    ApplyFilters => "Search", "查询";
    ClearFilters => "Clear filters", "清除筛选";
    Next => "Next", "下一页";
    Previous => "Previous", "上一页";
    Pagination => "Pagination", "分页";
    SnapshotTable => "Snapshots of this account", "本账号的快照";
    Id => "ID", "ID";
    Size => "Size", "容量";
    Volume => "Volume", "云硬盘";
    Created => "Created", "创建时间";
    Updated => "Updated", "更新时间";
    Auto => "auto", "自动";
    AutoTitle => "Made automatically by a server backup", "由云服务器备份自动创建";
    CopyId => "Copy ID", "复制 ID";
    Copied => "Copied", "已复制";
    CopyFailed => "Copy failed", "复制失败";
    FilterByVolume => "Show only this volume's snapshots", "只看该云硬盘的快照";
    EmptyTitle => "No snapshots yet", "暂无快照";
    EmptyHint => "Snapshots of this account's volumes appear here. Create one to keep a point-in-time copy of a volume.", "本账号云硬盘的快照会显示在这里。创建快照即可保存云硬盘某一时刻的数据。";
    EmptyFilteredTitle => "No snapshots match these filters", "没有符合筛选条件的快照";
    EmptyFilteredHint => "Change the filters, or clear them to see every snapshot.", "请修改筛选条件，或清除筛选以查看全部快照。";
    EmptyPageTitle => "This page is empty", "本页没有快照";
    EmptyPageHint => "The snapshots after this point were deleted. Go back to the first page.", "此后的快照已被删除，请返回第一页。";
    FirstPage => "First page", "第一页";
    Live => "Updating live", "正在实时更新";
    VolumeNamesUnavailable => "Volume names could not be loaded; ids are shown instead.", "无法加载云硬盘名称，改为显示 ID。";
    Unnamed => "(no name)", "（未命名）";
    Gone => "Not found", "已不存在";

    // Detail
    Overview => "Overview", "基本信息";
    SnapshotId => "Snapshot ID", "快照 ID";
    Description => "Description", "描述";
    Metadata => "Metadata", "元数据";
    NoMetadata => "No metadata.", "无元数据。";
    Key => "Key", "键";
    Value => "Value", "值";
    Progress => "Progress", "进度";
    Edit => "Edit", "编辑";
    CopyJson => "Copy JSON", "复制 JSON";
    OtherSnapshotsOfVolume => "Other snapshots of this volume", "该云硬盘的其他快照";
    OtherSnapshotsOfDisk => "Other snapshots of this disk", "该云硬盘的其他快照";
    BackToList => "Snapshots", "快照列表";
    NotFoundTitle => "Snapshot not found", "快照不存在";
    NotFoundHint => "It may have been deleted, or the link is mistyped. The list shows the snapshots that exist.", "该快照可能已被删除，或链接有误。列表中显示现有的快照。";
    AutoBackup => "Automatic backup", "自动备份";
    AutoBackupExplain => "A server backup made this snapshot (it carries the __system__enableActive metadata). It belongs to the backup's policy: the backup service may delete it on its own schedule.", "此快照由云服务器备份自动创建（带有 __system__enableActive 元数据），归属于备份策略，备份服务可能会按策略自动删除它。";
    Following => "Following this snapshot until it is ready", "正在跟踪此快照直至可用";
    ProviderStatus => "Provider status", "云厂商状态";
    Zone => "Availability zone", "可用区";
    Encrypted => "Encrypted", "已加密";
    Yes => "Yes", "是";
    No => "No", "否";
    CreateTimeRaw => "Creation time as reported", "原始创建时间";
    Provider => "Provider", "云厂商";
    Never => "Never", "从未";

    // Create and edit
    CreateTitle => "Create snapshot", "创建快照";
    CreateIntro => "A snapshot keeps a point-in-time copy of a volume. It is created in the background; this page follows it until it is available.", "快照保存云硬盘某一时刻的数据，在后台创建；创建后将跳转到详情页并跟踪至可用。";
    ChooseVolume => "Choose a volume…", "请选择云硬盘…";
    EnterVolumeId => "Another volume (enter its ID)…", "其他云硬盘（输入 ID）…";
    VolumeIdHelp => "The ID of a volume in this project, e.g. 6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa.", "本项目中云硬盘的 ID，例如 6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa。";
    VolumesUnavailable => "The volume list could not be loaded; enter the volume's ID.", "无法加载云硬盘列表，请输入云硬盘 ID。";
    Attached => "attached", "已挂载";
    NotAttached => "not attached", "未挂载";
    AttachedTo => "Attached to server", "挂载的云服务器";
    Force => "Force", "强制创建";
    ForceHelp => "Take the snapshot even though the volume is attached to a server. Data the server has not yet written to disk will be missing; for a consistent copy, stop writes or the server first.", "即使云硬盘已挂载到云服务器也创建快照。云服务器尚未写入磁盘的数据不会包含在快照中；如需一致的副本，请先停止写入或关闭云服务器。";
    ForceSuggested => "This volume is attached to a server. EVS refuses to snapshot an attached volume unless Force is checked.", "该云硬盘已挂载到云服务器。除非勾选“强制创建”，否则 EVS 会拒绝为已挂载的云硬盘创建快照。";
    ReservedName => "Names starting with autobk_snapshot_ are reserved for automatic backups; EVS's own console treats such snapshots as backups and restricts them.", "以 autobk_snapshot_ 开头的名称保留给自动备份；EVS 控制台会将这类快照视为备份并加以限制。";
    AddMetadata => "Add metadata", "添加元数据";
    RemoveRow => "Remove", "删除";
    MetadataHelp => "Optional key/value pairs, e.g. owner = team-a. Keys must be unique.", "可选的键值对，例如 owner = team-a。键不能重复。";
    Cancel => "Cancel", "取消";
    Save => "Save", "保存";
    Working => "Working…", "处理中…";
    EditTitle => "Edit snapshot", "编辑快照";
    NothingChanged => "Nothing has changed yet.", "尚未修改任何内容。";
    WillChange => "Will change", "将要修改";
    Field => "Field", "字段";
    Before => "Before", "修改前";
    After => "After", "修改后";
    Empty => "(empty)", "（空）";
    FixBeforeSubmit => "Fix the problems marked above first.", "请先修正上面标出的问题。";
    Optional => "optional", "可选";
    KeyboardHint => "Enter submits, Esc cancels.", "按 Enter 提交，按 Esc 取消。";
    NotOffered => "This account's provider does not allow changing snapshots from the console.", "该账号的云厂商不支持在控制台中修改快照。";

    // Delete and roll back
    Delete => "Delete", "删除";
    RollBack => "Roll back", "回滚";
    DeleteSelected => "Delete selected", "删除所选";
    SelectAllOnPage => "Select all on this page", "全选本页";
    CannotUndo => "This cannot be undone.", "此操作无法撤销。";
    DeleteSnapshotButton => "Delete snapshot", "删除快照";
    DeletingFollow => "Deleting: this page follows the snapshot until it is gone.", "正在删除：本页将跟踪该快照直至删除完成。";
    RollbackReplaces => "Everything written to the volume since the snapshot was taken is lost.", "快照创建之后写入该云硬盘的数据都将丢失。";
    MustDetach => "The volume is attached to a server. Detach it first: a volume can only be rolled back while it is detached.", "该云硬盘已挂载到云服务器。请先卸载：只有未挂载的云硬盘才能回滚。";
    StopAndStart => "Stop the instance first and start it again afterwards", "先关闭实例，回滚后再启动";
    StopAndStartHelp => "The disk is attached to an instance. Tencent Cloud rolls back an attached disk only with its instance stopped.", "该云硬盘已挂载到实例。腾讯云仅在实例关机时回滚已挂载的云硬盘。";
    TypeVolumeName => "Type the volume name to confirm", "输入云硬盘名称以确认";
    VolumeUnknown => "The volume could not be loaded, so the rollback cannot be checked.", "无法加载该云硬盘，无法确认回滚。";
    RollbackStarted => "Rollback started.", "回滚已开始。";
    VolumeRestored => "The volume is available again: the rollback has finished.", "云硬盘已恢复可用：回滚已完成。";
    WillBeDeleted => "Will be deleted", "将被删除";
    WillBeRefused => "Will be refused", "将被拒绝";
    DeletingGroup => "Deleting", "正在删除";
    RefusedGroup => "Refused", "已拒绝";
    FailedGroup => "Failed", "失败";
    UnknownGroup => "Outcome unknown (may or may not be deleting)", "结果未知（可能正在删除，也可能没有）";
    Close => "Close", "关闭";
    DeleteResults => "Results of the deletion", "删除结果";
    NothingToDelete => "None of the selected snapshots can be deleted.", "所选快照均无法删除。";
    Checking => "Checking the selected snapshots…", "正在检查所选快照…";
    Expires => "Deletes itself at (UTC)", "自动删除时间（UTC）";
    ExpiresHelp => "Optional: the cloud deletes the snapshot at this time. Leave empty to keep it until deleted.", "可选：云服务将在此时间删除该快照。留空表示一直保留。";
    Permanent => "Keep until deleted (permanent)", "永久保留（直到手动删除）";
    ExpiresAt => "Expires", "到期时间";

    // Errors
    ErrorTitle => "The request failed", "请求失败";
    PageFailedTitle => "This page could not be loaded", "无法加载此页面";
    ErrorCode => "Code", "错误码";
    RequestId => "Request ID", "请求 ID";
    UpstreamRequestId => "Cloud request ID", "云端请求 ID";
    HttpStatus => "HTTP status", "HTTP 状态码";
    CredentialsRejectedTitle => "Credentials rejected", "凭证被拒绝";
    CredentialsRejectedHint => "The cloud refused this account's access key. Check the AK/SK configured for the account and that the key is still enabled, then restart snapdeck.", "云服务拒绝了此账号的访问密钥。请检查该账号配置的 AK/SK 以及密钥是否仍处于启用状态，然后重启 snapdeck。";
    NetworkTitle => "The console's server cannot be reached", "无法连接控制台服务器";
    NetworkHint => "Check that snapdeck is still running and reachable, then try again.", "请确认 snapdeck 仍在运行且可以访问，然后重试。";
    TimeoutTitle => "The cloud did not answer in time", "云服务响应超时";
    TimeoutHint => "The request may still complete. Wait a moment and refresh.", "请求可能仍会完成，请稍后刷新。";
    UpstreamTitle => "The cloud returned an error", "云服务返回错误";
    UpstreamHint => "Quote the request IDs below when asking the cloud's support.", "联系云厂商支持时请提供下面的请求 ID。";
    UnreachableTitle => "The cloud cannot be reached", "无法连接云服务";
    UnreachableHint => "Check the account's endpoint and the network between snapdeck and the cloud.", "请检查该账号的接入地址，以及 snapdeck 与云服务之间的网络。";
    NotSupportedTitle => "Not supported for this account", "该账号不支持此操作";
    ValidationTitle => "Some input was rejected", "部分输入无效";
    UnknownAccountTitle => "Unknown account", "账号不存在";
    UnknownAccountHint => "Choose one of the configured accounts:", "请选择已配置的账号：";
    BadLinkTitle => "This link's filters are not valid", "链接中的筛选条件无效";
    BadLinkHint => "The link may be truncated or edited by hand. Start again from the full list.", "链接可能被截断或手动修改过，请从完整列表重新开始。";
    UnexpectedTitle => "The console received an answer it cannot read", "控制台收到无法识别的响应";
    InternalTitle => "The console's server failed", "控制台服务器出错";
    TryAgain => "Try again", "重试";
    OutcomeUnknownTitle => "Outcome unknown: the change may or may not have happened", "结果未知：更改可能已生效，也可能未生效";
    OutcomeUnknownHint => "The request reached the cloud but its answer was lost. Do not simply repeat it: check the list first.", "请求已发送到云服务，但响应丢失。请勿直接重试，先在列表中确认。";
    CheckTheList => "Check the list for this name", "在列表中查看此名称";
    CloudUnavailableTitle => "The cloud is unavailable for now", "云服务暂时不可用";
    CloudUnavailableHint => "The cloud failed several times in a row, so the console stops calling it for a short while. Try again in a minute.", "云服务连续多次失败，控制台暂停调用一小段时间。请稍后（约一分钟）再试。";
    RateLimitedTitle => "Too many requests", "请求过于频繁";
    RateLimitedHint => "Wait a few seconds, then try again.", "请等待几秒后重试。";
    RequestTimeoutTitle => "The console did not finish in time", "控制台处理超时";
    RequestTimeoutHint => "The request took too long and was stopped. A change may still happen: check before repeating it.", "请求耗时过长已被中止。更改仍可能生效，重试前请先确认。";
    PayloadTooLargeTitle => "The request is too large", "请求内容过大";
    PayloadTooLargeHint => "Shorten the text or the metadata, then try again.", "请缩短文本或元数据后重试。";
    HostNotAllowedTitle => "This address is not allowed", "不允许通过此地址访问";
    HostNotAllowedHint => "Open the console through the address it is configured for.", "请通过控制台配置的地址访问。";

    // Team portal: sign-in, top bar, Activity, Tokens, a snapshot's history
    SignInTitle => "Sign in to Snapdeck", "登录 Snapdeck";
    SignInHint => "This console is shared by a team: sign in to continue.", "此控制台由团队共用，请先登录。";
    Username => "Username", "用户名";
    Password => "Password", "密码";
    SignIn => "Sign in", "登录";
    SigningIn => "Signing in…", "正在登录…";
    SignInWithSso => "Sign in with SSO", "使用单点登录";
    Or => "or", "或";
    BadCredentials => "Wrong user name or password.", "用户名或密码错误。";
    TooManyAttemptsTitle => "Too many failed sign-ins", "登录失败次数过多";
    SignOut => "Sign out", "退出登录";
    SignedInAs => "Signed in as", "当前用户";
    UserMenu => "Your session", "当前会话";
    Activity => "Activity", "操作记录";
    Tokens => "Tokens", "API 令牌";
    User => "User", "用户";
    Operation => "Operation", "操作";
    Outcome => "Outcome", "结果";
    From => "From", "起始日期";
    To => "To", "截止日期";
    AnyOutcome => "Any outcome", "全部结果";
    OutcomeOk => "ok", "成功";
    OutcomeRefused => "refused", "已拒绝";
    OutcomeFailed => "failed", "失败";
    ExportCsv => "Export CSV", "导出 CSV";
    ActivityIntro => "Every change, refused attempt and sign-in, newest first.", "所有变更、被拒绝的尝试和登录记录，最新的在前。";
    ActivityTable => "Activity records", "操作记录列表";
    Time => "Time", "时间";
    Targets => "Targets", "对象";
    Client => "Client", "客户端";
    Role => "Role", "角色";
    NoActivity => "No records match these filters.", "没有符合筛选条件的记录。";
    History => "History", "操作历史";
    HistoryTable => "History of this snapshot", "此快照的操作历史";
    NoHistory => "Nothing has been recorded for this snapshot yet.", "此快照暂无操作记录。";
    AllActivity => "All activity", "全部操作记录";
    RoleViewer => "Viewer", "查看者";
    RoleOperator => "Operator", "操作员";
    RoleAdmin => "Admin", "管理员";
    TokensIntro => "Personal API tokens let scripts call the console's API as you: send one as Authorization: Bearer <token>.", "个人 API 令牌可让脚本以你的身份调用控制台 API，请在请求头中发送 Authorization: Bearer <令牌>。";
    TokenTable => "Your API tokens", "你的 API 令牌";
    NewTokenTitle => "New token", "新建令牌";
    ExpiresInDays => "Expires in (days)", "有效期（天）";
    CreateToken => "Create token", "创建令牌";
    TokenCreatedTitle => "Copy your new token now", "请立即复制新令牌";
    TokenCreatedWarning => "This is the only time the token is shown: Snapdeck keeps only its hash. Store it in a password manager or your CI's secrets; anyone who has it acts as you.", "令牌只显示这一次，Snapdeck 只保存其哈希值。请将其保存在密码管理器或 CI 的密钥中；持有它的人可以以你的身份操作。";
    TokenSecret => "New token", "新令牌";
    CopyToken => "Copy token", "复制令牌";
    Done => "Done", "完成";
    TokenExpires => "Expires", "过期时间";
    LastUsed => "Last used", "最近使用";
    Revoked => "revoked", "已吊销";
    Revoke => "Revoke", "吊销";
    RevokeConfirm => "Revoke this token? Scripts that use it stop working at once.", "确定吊销此令牌？使用它的脚本将立即失效。";
    ConfirmRevoke => "Revoke token", "确认吊销";
    NoTokens => "You have no API tokens yet.", "你还没有 API 令牌。";
    Actions => "Actions", "操作项";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages() {
        for key in Key::ALL {
            assert!(!key.en().trim().is_empty(), "{key:?}");
            assert!(!key.zh().trim().is_empty(), "{key:?}");
        }
    }

    #[test]
    fn chinese_is_translated() {
        // Strings that are the same in both languages on purpose.
        let same = [Key::Id, Key::CopyJson];
        for key in Key::ALL.iter().filter(|key| !same.contains(key)) {
            assert_ne!(key.en(), key.zh(), "{key:?} is not translated");
        }
    }

    #[test]
    fn accessible_names_the_tests_rely_on() {
        let names = [
            (Key::Volume, "Volume"),
            (Key::Name, "Name"),
            (Key::Description, "Description"),
            (Key::Force, "Force"),
            (Key::Metadata, "Metadata"),
            (Key::Status, "Status"),
            (Key::VolumeId, "Volume ID"),
            (Key::PageSize, "Page size"),
            (Key::CreateSnapshot, "Create snapshot"),
            (Key::Save, "Save"),
            (Key::Next, "Next"),
            (Key::Previous, "Previous"),
            (Key::Delete, "Delete"),
            (Key::RollBack, "Roll back"),
            (Key::DeleteSelected, "Delete selected"),
            (Key::SelectAllOnPage, "Select all on this page"),
            (Key::TypeVolumeName, "Type the volume name to confirm"),
            (Key::Cancel, "Cancel"),
        ];
        for (key, name) in names {
            assert_eq!(key.en(), name);
        }
    }
}
