<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnswerInput</name>
    <message>
        <source>%1 is below the minimum %2.</source>
        <translation>%1 小于最小值 %2。</translation>
    </message>
    <message>
        <source>%1 is above the maximum %2.</source>
        <translation>%1 大于最大值 %2。</translation>
    </message>
    <message>
        <source>Click the chosen answer again, or press Delete, to clear it.</source>
        <translation>再点一次已选的答案，或按 Delete 键，即可清除。</translation>
    </message>
</context>
<context>
    <name>AnswersPanel</name>
    <message>
        <source>General comments</source>
        <translation>总体意见</translation>
    </message>
    <message>
        <source>Comment on the whole report…</source>
        <translation>对整份报告批注…</translation>
    </message>
    <message>
        <source>A comment on the report as a whole, not on one item</source>
        <translation>针对整份报告而非某一项的意见</translation>
    </message>
    <message>
        <source>This inspection was recorded before checklists were kept in this program: there are no answers to show. It can only be returned.</source>
        <translation>此检查记录于本程序启用电子检查表之前，没有可显示的检查内容，只能退回。</translation>
    </message>
    <message>
        <source>Risk signals raised (%1)</source>
        <translation>触发的风险信号（%1）</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>ChangesPanel</name>
    <message>
        <source>Changed since revision %1, which you returned</source>
        <translation>与您退回的第 %1 版相比的修改</translation>
    </message>
    <message>
        <source>Your reason for returning it: %1</source>
        <translation>您上次的退回理由：%1</translation>
    </message>
    <message>
        <source>the whole report</source>
        <translation>整份报告</translation>
    </message>
    <message>
        <source>Your comments then (%1)</source>
        <translation>您当时的审批意见（%1）</translation>
    </message>
    <message>
        <source>Nothing changed: the answers, notes, photos and collateral findings are those of the returned revision.</source>
        <translation>没有任何修改：回答、备注、照片和押品记录与退回的版本完全相同。</translation>
    </message>
    <message>
        <source>Answers and notes (%1)</source>
        <translation>回答与备注（%1）</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Photos added (%1)</source>
        <translation>新增照片（%1）</translation>
    </message>
    <message>
        <source>Photos removed (%1)</source>
        <translation>删除的照片（%1）</translation>
    </message>
    <message>
        <source>no thumbnail</source>
        <translation>无缩略图</translation>
    </message>
    <message>
        <source>Collateral findings (%1)</source>
        <translation>押品检查记录（%1）</translation>
    </message>
    <message>
        <source>%1 · %2:</source>
        <translation>%1 · %2：</translation>
    </message>
</context>
<context>
    <name>Collateral</name>
    <message>
        <source>Intact</source>
        <translation>完好</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>受损</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>灭失</translation>
    </message>
    <message>
        <source>Disposed of</source>
        <translation>已处置</translation>
    </message>
    <message>
        <source>Occupied / leased out</source>
        <translation>被占用/出租</translation>
    </message>
    <message>
        <source>Seized</source>
        <translation>被查封</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Market comparison</source>
        <translation>市场比较</translation>
    </message>
    <message>
        <source>Estate agent&apos;s quote</source>
        <translation>中介询价</translation>
    </message>
    <message>
        <source>Appraisal report</source>
        <translation>评估报告</translation>
    </message>
    <message>
        <source>Officer&apos;s experience</source>
        <translation>经验估计</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Collateral worth %1 yuan; nothing is owed on the loan.</source>
        <translation>抵(质)押物价值 %1 元；贷款已无余额。</translation>
    </message>
    <message>
        <source>Coverage %1 is below the threshold %4: collateral worth %2 yuan against %3 yuan outstanding.</source>
        <translation>抵(质)押物覆盖率 %1，低于警戒值 %4：押品价值 %2 元，贷款余额 %3 元。</translation>
    </message>
    <message>
        <source>Coverage %1 (threshold %4): collateral worth %2 yuan against %3 yuan outstanding.</source>
        <translation>抵(质)押物覆盖率 %1（警戒值 %4）：押品价值 %2 元，贷款余额 %3 元。</translation>
    </message>
</context>
<context>
    <name>CollateralComparisonDialog</name>
    <message>
        <source>Collateral: %1</source>
        <translation>抵(质)押物：%1</translation>
    </message>
    <message>
        <source>Appraised %1 yuan on %2</source>
        <translation>评估价值 %1 元（%2）</translation>
    </message>
    <message>
        <source>No photos of this item from earlier visits.</source>
        <translation>以前的检查没有该押品的照片。</translation>
    </message>
    <message>
        <source>Notes from every visit (%1)</source>
        <translation>历次检查记录（%1）</translation>
    </message>
    <message>
        <source>This visit: %1</source>
        <translation>本次检查：%1</translation>
    </message>
    <message>
        <source>No photos of this item yet.</source>
        <translation>尚无该押品的照片。</translation>
    </message>
    <message>
        <source>Thumbnail missing</source>
        <translation>缩略图缺失</translation>
    </message>
    <message>
        <source>Taken %1</source>
        <translation>拍摄于 %1</translation>
    </message>
    <message>
        <source>No capture time</source>
        <translation>无拍摄时间</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>检查类型</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>检查人</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>现状</translation>
    </message>
    <message>
        <source>Estimate (yuan)</source>
        <translation>估值（元）</translation>
    </message>
    <message>
        <source>Change vs appraisal</source>
        <translation>较评估价值变化</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>估值依据</translation>
    </message>
    <message>
        <source>Registration valid</source>
        <translation>登记有效</translation>
    </message>
    <message>
        <source>Insurance valid</source>
        <translation>保险有效</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source> (revision %1)</source>
        <translation>（第 %1 版）</translation>
    </message>
</context>
<context>
    <name>CollateralNoteForm</name>
    <message>
        <source>Appraised %1 yuan on %2</source>
        <translation>评估价值 %1 元（%2）</translation>
    </message>
    <message>
        <source>insured by %1 until %2</source>
        <translation>%1 承保至 %2</translation>
    </message>
    <message>
        <source>not insured</source>
        <translation>未投保</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>—请选择—</translation>
    </message>
    <message>
        <source> yuan</source>
        <translation> 元</translation>
    </message>
    <message>
        <source>The value the item would fetch now; ↓ from 0 shows — (not estimated)</source>
        <translation>押品当前的变现价值；在 0 时按 ↓ 显示“—”（未估值）</translation>
    </message>
    <message>
        <source>basis of the estimate</source>
        <translation>估值依据</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Not valid</source>
        <translation>已失效</translation>
    </message>
    <message>
        <source>The register has no insurance for this item</source>
        <translation>台账中该押品未投保</translation>
    </message>
    <message>
        <source>What you saw: changes, damage, who uses it, why the value changed</source>
        <translation>现场所见：变化、损坏、使用人、价值增减的原因</translation>
    </message>
    <message>
        <source>Same as last visit</source>
        <translation>同上次检查</translation>
    </message>
    <message>
        <source>Take the condition, estimate, basis and validity from the last visit</source>
        <translation>沿用上次检查的现状、估值、估值依据和登记、保险情况</translation>
    </message>
    <message>
        <source>Compare photos</source>
        <translation>对比照片</translation>
    </message>
    <message>
        <source>This visit&apos;s photos of the item beside those of earlier visits, with its notes from every visit</source>
        <translation>本次检查该押品的照片与以前各次检查的照片并排对比，并列出历次检查的记录</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>现状</translation>
    </message>
    <message>
        <source>Estimated value</source>
        <translation>估计价值</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>估值依据</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>抵押登记</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>— not checked —</source>
        <translation>—未核实—</translation>
    </message>
    <message>
        <source>Compare photos (%1)</source>
        <translation>对比照片（%1）</translation>
    </message>
    <message>
        <source>%1 yuan (%2) against the appraisal</source>
        <translation>较评估价值 %1 元（%2）</translation>
    </message>
    <message>
        <source>%1 yuan against the appraisal</source>
        <translation>较评估价值 %1 元</translation>
    </message>
    <message>
        <source>No earlier visit recorded this item.</source>
        <translation>以前的检查没有该押品的记录。</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <source>registration valid</source>
        <translation>登记有效</translation>
    </message>
    <message>
        <source>registration not valid</source>
        <translation>登记已失效</translation>
    </message>
    <message>
        <source>insurance valid</source>
        <translation>保险有效</translation>
    </message>
    <message>
        <source>insurance not valid</source>
        <translation>保险已失效</translation>
    </message>
    <message>
        <source>Last visit %1: %2</source>
        <translation>上次检查 %1：%2</translation>
    </message>
</context>
<context>
    <name>CollateralNotesPanel</name>
    <message>
        <source>This loan has no collateral.</source>
        <translation>该贷款没有抵(质)押物。</translation>
    </message>
    <message>
        <source>Each item counts with this visit&apos;s estimate; without one, with the last visit&apos;s, else its appraisal; a lost or disposed item counts nothing.</source>
        <translation>每项押品按本次估值计算；本次未估值的按以前检查的估值，没有则按评估价值；灭失或已处置的押品不计价值。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>CollateralRegisterWidget</name>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Registration no.</source>
        <translation>登记号</translation>
    </message>
    <message>
        <source>Appraised (yuan)</source>
        <translation>评估价值（元）</translation>
    </message>
    <message>
        <source>Appraised on</source>
        <translation>评估日期</translation>
    </message>
    <message>
        <source>Condition found</source>
        <translation>检查现状</translation>
    </message>
    <message>
        <source>Latest estimate (yuan)</source>
        <translation>最新估值（元）</translation>
    </message>
    <message>
        <source>Change vs appraisal</source>
        <translation>较评估价值变化</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>History and photos…</source>
        <translation>历次记录和照片…</translation>
    </message>
    <message>
        <source>The item&apos;s notes from every visit and its photos side by side</source>
        <translation>该押品历次检查的记录，及各次照片的对比</translation>
    </message>
    <message>
        <source>This loan has no collateral.</source>
        <translation>该贷款没有抵(质)押物。</translation>
    </message>
    <message>
        <source>Latest visit: %1</source>
        <translation>最近一次检查：%1</translation>
    </message>
    <message>
        <source>Estimated on %1 %2</source>
        <translation>%1 估值，依据：%2</translation>
    </message>
    <message>
        <source>Not insured</source>
        <translation>未投保</translation>
    </message>
    <message>
        <source>%1 (lapsed at the last visit)</source>
        <translation>%1（上次检查时已失效）</translation>
    </message>
</context>
<context>
    <name>ComboInput</name>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Sync conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <source>No open conflicts: everything went to head office.</source>
        <translation>没有待处理的冲突：所有修改都已送到总行。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>This laptop</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Head office</source>
        <translation>总行</translation>
    </message>
    <message>
        <source>Keep this laptop&apos;s version</source>
        <translation>保留本机版本</translation>
    </message>
    <message>
        <source>Send this laptop&apos;s version to head office again, on top of head office&apos;s (at the next sync)</source>
        <translation>下次同步时把本机版本再次发送到总行，覆盖在总行版本之上</translation>
    </message>
    <message>
        <source>Take head office&apos;s version</source>
        <translation>采用总行版本</translation>
    </message>
    <message>
        <source>Replace this laptop&apos;s version with head office&apos;s; yours stays on record</source>
        <translation>用总行版本替换本机版本；本机版本仍留在冲突记录中</translation>
    </message>
    <message>
        <source>Head office refused this change.</source>
        <translation>总行拒绝了这项修改。</translation>
    </message>
    <message>
        <source>This record was also changed at head office (by another laptop) since this laptop last received it. Nothing was overwritten: decide which version counts.</source>
        <translation>本机上次接收这条记录之后，总行（另一台电脑）也修改了它。两边都没有被覆盖：请决定以哪个版本为准。</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Head office&apos;s words: %1</source>
        <translation>总行的说明：%1</translation>
    </message>
    <message>
        <source>This laptop (deleted)</source>
        <translation>本机（已删除）</translation>
    </message>
    <message>
        <source>Head office (no such record)</source>
        <translation>总行（无此记录）</translation>
    </message>
    <message>
        <source>Head office (version %1)</source>
        <translation>总行（第 %1 版）</translation>
    </message>
    <message>
        <source>Only head office&apos;s version can be taken: sending this change again would be refused again. This laptop&apos;s version stays on record with the conflict.</source>
        <translation>只能采用总行版本：这项修改再次发送也会被拒绝。本机版本仍保留在冲突记录中。</translation>
    </message>
    <message>
        <source>Head office has no such record: taking its version removes it here.</source>
        <translation>总行没有这条记录：采用总行版本会在本机删除它。</translation>
    </message>
    <message>
        <source>Keep this laptop&apos;s version: it goes to head office at the next sync, on top of head office&apos;s. Take head office&apos;s version: this laptop&apos;s is replaced. Either way both versions stay on record.</source>
        <translation>保留本机版本：下次同步时发送到总行，覆盖在总行版本之上。采用总行版本：本机版本被替换。无论哪种，两个版本都保留在冲突记录中。</translation>
    </message>
</context>
<context>
    <name>CurrentUser</name>
    <message>
        <source>%1 (%2) · %3</source>
        <translation>%1（%2）· %3</translation>
    </message>
</context>
<context>
    <name>CurrentUserCombo</name>
    <message>
        <source>You are logged in as %1: the program acts in your name</source>
        <translation>您已登录为 %1：程序以您的名义操作</translation>
    </message>
    <message>
        <source>The program acts as this person: inspections are started and submitted in their name</source>
        <translation>程序以此人的身份操作：检查以其名义开始和提交</translation>
    </message>
</context>
<context>
    <name>DateInput</name>
    <message>
        <source>The date the rules give for the business status answered</source>
        <translation>按规则和所填经营状况计算的日期</translation>
    </message>
    <message>
        <source>Use the suggested date %1</source>
        <translation>采用建议日期 %1</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The disk is full.</source>
        <translation>磁盘已满。</translation>
    </message>
    <message>
        <source>Free some space on the disk, then try again. Nothing already saved was lost.</source>
        <translation>请清理磁盘空间后重试。已保存的数据没有丢失。</translation>
    </message>
    <message>
        <source>The local database could not be read or written.</source>
        <translation>无法读写本地数据库。</translation>
    </message>
    <message>
        <source>Close other copies of the program and try again. If it persists, send the log file to IT support.</source>
        <translation>请关闭其他正在运行的本程序后重试。如仍出现，请将日志文件发给科技支持人员。</translation>
    </message>
    <message>
        <source>The computer or the network is in the way.</source>
        <translation>电脑或网络出现问题。</translation>
    </message>
    <message>
        <source>Try again later.</source>
        <translation>请稍后重试。</translation>
    </message>
    <message>
        <source>The record no longer exists.</source>
        <translation>该记录已不存在。</translation>
    </message>
    <message>
        <source>Refresh the view and try again.</source>
        <translation>请刷新后重试。</translation>
    </message>
    <message>
        <source>This action is not allowed.</source>
        <translation>不允许此操作。</translation>
    </message>
    <message>
        <source>Check the record&apos;s status and your role.</source>
        <translation>请检查记录状态和您的角色权限。</translation>
    </message>
    <message>
        <source>Someone else changed this record at the same time.</source>
        <translation>他人同时修改了此记录。</translation>
    </message>
    <message>
        <source>Review both versions before continuing.</source>
        <translation>请核对两个版本后再继续。</translation>
    </message>
    <message>
        <source>The settings file is not valid.</source>
        <translation>设置文件无效。</translation>
    </message>
    <message>
        <source>Correct postloan.toml in the data folder as the details say, or remove it to use the bank&apos;s default rules.</source>
        <translation>请按详细信息更正数据目录中的 postloan.toml，或删除该文件以使用银行的默认规则。</translation>
    </message>
    <message>
        <source>The input is not valid.</source>
        <translation>输入内容无效。</translation>
    </message>
    <message>
        <source>Correct the highlighted input and try again.</source>
        <translation>请更正标出的内容后重试。</translation>
    </message>
    <message>
        <source>The action could not be completed.</source>
        <translation>操作未能完成。</translation>
    </message>
    <message>
        <source>Try again.</source>
        <translation>请重试。</translation>
    </message>
    <message>
        <source>An unexpected error occurred.</source>
        <translation>发生了意外错误。</translation>
    </message>
    <message>
        <source>Your saved work is safe. Please send the log file to IT support.</source>
        <translation>已保存的工作不受影响。请将日志文件发给科技支持人员。</translation>
    </message>
    <message>
        <source>Post-loan inspection</source>
        <translation>贷后检查</translation>
    </message>
</context>
<context>
    <name>FolderImportDialog</name>
    <message>
        <source>Import a folder</source>
        <translation>导入文件夹</translation>
    </message>
    <message>
        <source>A memory card, a phone or a folder</source>
        <translation>存储卡、手机或文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Only photos taken on</source>
        <translation>只导入这一天拍摄的照片：</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>所有日期</translation>
    </message>
    <message>
        <source>Sub-folders are searched too. A photo&apos;s day is its capture time, or the file&apos;s date when it has none.</source>
        <translation>子文件夹也会查找。照片的日期按拍摄时间；没有拍摄时间的按文件日期。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Photos:</source>
        <translation>照片：</translation>
    </message>
    <message>
        <source>Choose the folder with the photos</source>
        <translation>选择存放照片的文件夹</translation>
    </message>
</context>
<context>
    <name>ImportProgressDialog</name>
    <message>
        <source>Importing photos</source>
        <translation>正在导入照片</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop after the photos being read now; those already imported are kept</source>
        <translation>读完正在处理的照片后停止；已导入的照片保留</translation>
    </message>
    <message>
        <source>Looking for photos…</source>
        <translation>正在查找照片…</translation>
    </message>
    <message>
        <source>Imported %1 of %2</source>
        <translation>已处理 %1 / %2 张</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>ImportSummaryDialog</name>
    <message>
        <source>Photo import</source>
        <translation>照片导入结果</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>怎么办</translation>
    </message>
</context>
<context>
    <name>InspectionEditor</name>
    <message>
        <source>← Back</source>
        <translation>← 返回</translation>
    </message>
    <message>
        <source>Back to the previous page (Alt+Left)</source>
        <translation>返回上一页（Alt+←）</translation>
    </message>
    <message>
        <source>Reopen as a new revision</source>
        <translation>重新打开为新版本</translation>
    </message>
    <message>
        <source>Start a new draft revision with these answers, to address the review</source>
        <translation>以现有答案生成新版本草稿，按审核意见修改</translation>
    </message>
    <message>
        <source>Withdraw signature</source>
        <translation>撤回签署</translation>
    </message>
    <message>
        <source>Take the report back before inspector B signs: your signature is withdrawn and a new draft revision opens with these answers</source>
        <translation>在B角签署前收回报告：撤回您的签名，并以现有答案生成新版本草稿</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>The inspection&apos;s photos (Ctrl+Shift+P)</source>
        <translation>本次检查的照片（Ctrl+Shift+P）</translation>
    </message>
    <message>
        <source>Collateral</source>
        <translation>抵质押物</translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation>%1（只读）</translation>
    </message>
    <message>
        <source>revision %1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <source>inspected on %1</source>
        <translation>检查日期 %1</translation>
    </message>
    <message>
        <source>officers A %1, B %2</source>
        <translation>A 角 %1，B 角 %2</translation>
    </message>
    <message>
        <source>Supervisor&apos;s review comment: %1</source>
        <translation>信贷主管审核意见：%1</translation>
    </message>
    <message>
        <source>Supervisor&apos;s general comment: %1</source>
        <translation>信贷主管总体意见：%1</translation>
    </message>
    <message>
        <source>%1 comment(s) on items: shown under the items they concern.</source>
        <translation>另有 %1 条审批意见，显示在相关检查项下方。</translation>
    </message>
    <message>
        <source>Answered %1/%2</source>
        <translation>已答 %1/%2</translation>
    </message>
    <message>
        <source>%1 of %2 required items answered</source>
        <translation>必答项已答 %1/%2</translation>
    </message>
    <message>
        <source>Saved automatically %1</source>
        <translation>已自动保存 %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Collateral (%1)</source>
        <translation>抵质押物（%1）</translation>
    </message>
    <message>
        <source>The notes on each collateral item: condition, estimated value, registration and insurance (Ctrl+Shift+C)</source>
        <translation>每项抵(质)押物的检查记录：现状、估计价值、抵押登记和保险（Ctrl+Shift+C）</translation>
    </message>
    <message>
        <source>Photos (%1)</source>
        <translation>照片（%1）</translation>
    </message>
    <message>
        <source>Submit inspection</source>
        <translation>提交检查</translation>
    </message>
    <message>
        <source>Submit this inspection for review?</source>
        <translation>提交本次检查，送信贷主管审核？</translation>
    </message>
    <message>
        <source>Once submitted it can no longer be changed unless the supervisor returns it.</source>
        <translation>提交后不能再修改，除非信贷主管退回。</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>The next inspection date differs from the suggested %1: give a reason.</source>
        <translation>下次检查日期与建议日期 %1 不同，请填写修改理由。</translation>
    </message>
    <message>
        <source>Submitted %1</source>
        <translation>已提交 %1</translation>
    </message>
    <message>
        <source>the supervisor</source>
        <translation>信贷主管</translation>
    </message>
    <message>
        <source>%1  %2 (to sign)</source>
        <translation>%1  %2（待签）</translation>
    </message>
    <message>
        <source>Sign the report as inspector A: the inspection is frozen and goes to inspector B (Ctrl+Enter)</source>
        <translation>以A角身份签署报告：检查随即冻结，转B角签署（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Sign the report as inspector B: it goes to the supervisor (Ctrl+Enter)</source>
        <translation>以B角身份签署报告：随后提交信贷主管审批（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Approve the inspection and countersign its report (Ctrl+Enter)</source>
        <translation>审批通过本次检查并会签报告（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Officer A (%1) signs first</source>
        <translation>由A角（%1）先签署</translation>
    </message>
    <message>
        <source>Officer A (%1) signs the report first, then officer B (%2).</source>
        <translation>报告先由A角（%1）签署，再由B角（%2）签署。</translation>
    </message>
    <message>
        <source>Every required item is answered: ready to sign.</source>
        <translation>必填项均已填写，可以签署。</translation>
    </message>
    <message>
        <source>Signed by inspector A; waiting for inspector B (%1). Read-only.</source>
        <translation>A角已签署，待B角（%1）签署。检查表只读。</translation>
    </message>
    <message>
        <source>Signed by both inspectors; waiting for the supervisor&apos;s approval.</source>
        <translation>A、B角均已签署，待信贷主管审批。</translation>
    </message>
    <message>
        <source>Approved and countersigned: the report is final.</source>
        <translation>已审批并会签，报告已定稿。</translation>
    </message>
    <message>
        <source>Signed report — %1</source>
        <translation>已签署的报告 — %1</translation>
    </message>
    <message>
        <source>Opening the signed report…</source>
        <translation>正在打开已签署的报告…</translation>
    </message>
    <message>
        <source>Signed as %1 at %2</source>
        <translation>已以%1身份签署 %2</translation>
    </message>
    <message>
        <source>Withdraw your signature and reopen the inspection?</source>
        <translation>撤回您的签名并重新打开本次检查？</translation>
    </message>
    <message>
        <source>The signed report is kept for the history; a new draft revision opens with these answers, to be signed again.</source>
        <translation>已签署的报告留作历史记录；将以现有答案生成新版本草稿，需重新签署。</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Withdrawn: revision %1 is a draft again</source>
        <translation>已撤回：第 %1 版重新成为草稿</translation>
    </message>
</context>
<context>
    <name>ItemRow</name>
    <message>
        <source>Required</source>
        <translation>必答</translation>
    </message>
    <message>
        <source>Photos required</source>
        <translation>需拍照</translation>
    </message>
    <message>
        <source>Take photos of this during the inspection</source>
        <translation>检查时须现场拍照</translation>
    </message>
    <message>
        <source>Take photos of this during the inspection; drop the photo files on this item to add them to it</source>
        <translation>检查时对此拍照；把照片文件拖到这一项上即可添加并关联到此项</translation>
    </message>
    <message>
        <source>From last inspection</source>
        <translation>沿用上次</translation>
    </message>
    <message>
        <source>Carried over from the last inspection: check it, then confirm it or change it</source>
        <translation>沿用上次检查的答案：请核实后确认或修改</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>The answer from the last inspection still holds</source>
        <translation>上次检查的答案仍然属实</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>A note on this item (saved automatically)</source>
        <translation>本项备注（自动保存）</translation>
    </message>
    <message>
        <source>Supervisor&apos;s comment: %1</source>
        <translation>审批意见：%1</translation>
    </message>
    <message>
        <source>Photos required · %1 so far</source>
        <translation>需拍照 · 已有 %1 张</translation>
    </message>
    <message>
        <source>%1 photo(s)</source>
        <translation>照片 %1 张</translation>
    </message>
</context>
<context>
    <name>KeyImportDialog</name>
    <message>
        <source>Import signing certificate</source>
        <translation>导入签名证书</translation>
    </message>
    <message>
        <source>Choose the key file head office issued to you (.p12 or .pfx) and enter its passphrase. The key stays encrypted under your passphrase; the passphrase is not stored.</source>
        <translation>请选择总行为您签发的密钥文件（.p12 或 .pfx）并输入其口令。密钥以您的口令加密保存，口令本身不会被保存。</translation>
    </message>
    <message>
        <source>Install head-office root certificate…</source>
        <translation>安装总行根证书…</translation>
    </message>
    <message>
        <source>Key file (.p12, .pfx)</source>
        <translation>密钥文件（.p12、.pfx）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>The passphrase of the key file</source>
        <translation>密钥文件的口令</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Current certificate:</source>
        <translation>当前证书：</translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation>密钥文件：</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>The head office&apos;s root certificate is not installed yet: install it before importing a key.</source>
        <translation>尚未安装总行根证书：请先安装，再导入密钥。</translation>
    </message>
    <message>
        <source>Choose your key file</source>
        <translation>选择您的密钥文件</translation>
    </message>
    <message>
        <source>Key files (*.p12 *.pfx *.P12 *.PFX)</source>
        <translation>密钥文件 (*.p12 *.pfx *.P12 *.PFX)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Imported: the certificate of %1, valid until %2. You can sign reports.</source>
        <translation>已导入：%1 的证书，有效期至 %2。现在可以签署报告。</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>The passphrase is not right: it does not open the key. Check Caps Lock and the input method, then try again.</source>
        <translation>口令不正确，无法打开密钥。请检查大小写锁定和输入法后重试。</translation>
    </message>
    <message>
        <source>This key file belongs to someone else: import your own .p12 file, as the user chosen in the status bar.</source>
        <translation>这个密钥文件属于其他人：请以状态栏中选择的用户导入您本人的 .p12 文件。</translation>
    </message>
    <message>
        <source>This is not a signing key file (.p12 or .pfx from head office), or it holds no key and certificate.</source>
        <translation>这不是签名密钥文件（总行签发的 .p12 或 .pfx），或文件中没有密钥和证书。</translation>
    </message>
    <message>
        <source>The head office&apos;s root certificate is not installed on this computer: install it first (Settings → Install head-office root certificate…).</source>
        <translation>本机尚未安装总行根证书：请先安装（设置 → 安装总行根证书…）。</translation>
    </message>
    <message>
        <source>You have no signing key on this computer: import the .p12 file head office gave you (Settings → Import signing certificate…).</source>
        <translation>本机没有您的签名密钥：请导入总行给您的 .p12 文件（设置 → 导入签名证书…）。</translation>
    </message>
    <message>
        <source>The certificate was not issued by the head office&apos;s certificate authority: it cannot sign reports. Ask head office for your key.</source>
        <translation>该证书不是总行认证中心签发的，不能签署报告。请向总行申领您的密钥。</translation>
    </message>
    <message>
        <source>The certificate expired on %1 (it was valid from %2 to %1). Ask head office for a new one.</source>
        <translation>该证书已于 %1 过期（有效期 %2 至 %1）。请向总行申领新证书。</translation>
    </message>
    <message>
        <source>The certificate is valid only from %1 (until %2). Check this computer&apos;s date and time.</source>
        <translation>该证书自 %1 起才生效（至 %2）。请检查本机的日期和时间。</translation>
    </message>
    <message>
        <source>The certificate may not sign documents. Ask head office for a signing certificate.</source>
        <translation>该证书不允许签署文件。请向总行申领签名证书。</translation>
    </message>
    <message>
        <source>The head office&apos;s root certificate is valid only from %1 to %2. Install the current one from head office.</source>
        <translation>总行根证书的有效期为 %1 至 %2，当前不在有效期内。请安装总行提供的最新根证书。</translation>
    </message>
    <message>
        <source>This is a certificate authority&apos;s certificate, not a person&apos;s signing certificate.</source>
        <translation>这是认证中心的证书，不是个人签名证书。</translation>
    </message>
    <message>
        <source>No signing certificate imported yet.</source>
        <translation>尚未导入签名证书。</translation>
    </message>
    <message>
        <source>%1, valid until %2</source>
        <translation>%1，有效期至 %2</translation>
    </message>
    <message>
        <source> — expired</source>
        <translation> — 已过期</translation>
    </message>
    <message>
        <source>Choose the head-office root certificate</source>
        <translation>选择总行根证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.PEM *.CRT *.CER)</source>
        <translation>证书 (*.pem *.crt *.cer *.PEM *.CRT *.CER)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <source>Check the file and try again.</source>
        <translation>请检查文件后重试。</translation>
    </message>
    <message>
        <source>This file is not the head office&apos;s root certificate.</source>
        <translation>该文件不是总行根证书。</translation>
    </message>
    <message>
        <source>Choose the certificate file head office gave you (ca-cert.pem).</source>
        <translation>请选择总行提供的证书文件（ca-cert.pem）。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>First inspection</source>
        <translation>首次检查</translation>
    </message>
    <message>
        <source>Periodic inspection</source>
        <translation>定期检查</translation>
    </message>
    <message>
        <source>Special inspection</source>
        <translation>专项检查</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Waiting for inspector B&apos;s signature</source>
        <translation>待B角签署</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已审批</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Special mention</source>
        <translation>关注</translation>
    </message>
    <message>
        <source>Substandard</source>
        <translation>次级</translation>
    </message>
    <message>
        <source>Doubtful</source>
        <translation>可疑</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>好</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Poor</source>
        <translation>差</translation>
    </message>
    <message>
        <source>Production / processing</source>
        <translation>生产加工型</translation>
    </message>
    <message>
        <source>Trade / service</source>
        <translation>商贸服务型</translation>
    </message>
    <message>
        <source>Consumer (no business)</source>
        <translation>个人消费</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>信用</translation>
    </message>
    <message>
        <source>Guarantee</source>
        <translation>保证</translation>
    </message>
    <message>
        <source>Mortgage</source>
        <translation>抵押</translation>
    </message>
    <message>
        <source>Pledge</source>
        <translation>质押</translation>
    </message>
    <message>
        <source>Equal instalments</source>
        <translation>等额本息</translation>
    </message>
    <message>
        <source>Equal principal</source>
        <translation>等额本金</translation>
    </message>
    <message>
        <source>Monthly interest, principal at maturity</source>
        <translation>按月付息，到期还本</translation>
    </message>
    <message>
        <source>Principal and interest at maturity</source>
        <translation>到期一次还本付息</translation>
    </message>
    <message>
        <source>Residential property</source>
        <translation>住宅</translation>
    </message>
    <message>
        <source>Commercial property</source>
        <translation>商业用房</translation>
    </message>
    <message>
        <source>Industrial building</source>
        <translation>厂房</translation>
    </message>
    <message>
        <source>Land use right</source>
        <translation>土地使用权</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>机器设备</translation>
    </message>
    <message>
        <source>Deposit certificate</source>
        <translation>存单</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation>应收账款</translation>
    </message>
    <message>
        <source>Loan officer</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Sub-branch vice-president</source>
        <translation>支行副行长</translation>
    </message>
    <message>
        <source>Sub-branch president</source>
        <translation>支行行长</translation>
    </message>
    <message>
        <source>After disbursement</source>
        <translation>放款后首次检查</translation>
    </message>
    <message>
        <source>Periodic schedule</source>
        <translation>定期检查周期</translation>
    </message>
    <message>
        <source>Principal overdue</source>
        <translation>本金逾期</translation>
    </message>
    <message>
        <source>Interest unpaid</source>
        <translation>欠息</translation>
    </message>
    <message>
        <source>Set by the inspector</source>
        <translation>检查人设定</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>关注</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>预警</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Link photos</source>
        <translation>关联照片</translation>
    </message>
    <message>
        <source>(no checklist item)</source>
        <translation>（不关联检查项）</translation>
    </message>
    <message>
        <source>%1 (photos required)</source>
        <translation>%1（需拍照）</translation>
    </message>
    <message>
        <source>(no collateral item)</source>
        <translation>（不关联抵质押物）</translation>
    </message>
    <message>
        <source>Checklist item:</source>
        <translation>检查项：</translation>
    </message>
    <message>
        <source>Collateral item:</source>
        <translation>抵质押物：</translation>
    </message>
    <message>
        <source>What do the %1 selected photo(s) show?</source>
        <translation>选中的 %1 张照片拍的是什么？</translation>
    </message>
</context>
<context>
    <name>LoanDetailView</name>
    <message>
        <source>← Back</source>
        <translation>← 返回</translation>
    </message>
    <message>
        <source>Back to the previous list (Alt+Left)</source>
        <translation>返回上一列表 (Alt+Left)</translation>
    </message>
    <message>
        <source>Start inspection</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <source>Start an inspection of this loan (Ctrl+N)</source>
        <translation>开始检查这笔贷款（Ctrl+N）</translation>
    </message>
    <message>
        <source>Next: %1 on %2</source>
        <translation>下次：%1，%2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Continue inspection</source>
        <translation>继续检查</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Repayment schedule</source>
        <translation>还款计划</translation>
    </message>
    <message>
        <source>Guarantors (%1)</source>
        <translation>保证人 (%1)</translation>
    </message>
    <message>
        <source>Collateral (%1)</source>
        <translation>抵质押物 (%1)</translation>
    </message>
    <message>
        <source>The register: what the visits found, the coverage; double-click an item for its history and photos</source>
        <translation>押品台账：历次检查所见和覆盖率；双击某项查看其历次记录和照片</translation>
    </message>
    <message>
        <source>Inspections (%1)</source>
        <translation>检查记录 (%1)</translation>
    </message>
    <message>
        <source>Principal overdue since %1: %2 yuan. A special inspection is due now.</source>
        <translation>本金自 %1 起逾期：%2 元。应立即进行专项检查。</translation>
    </message>
    <message>
        <source>Interest unpaid since %1: %2 yuan.</source>
        <translation>利息自 %1 起欠付：%2 元。</translation>
    </message>
    <message>
        <source>A/B rule: for this balance one of the responsible officers must be at least a %1.</source>
        <translation>A/B 角规定：按此贷款余额，A角或B角中须有一人至少为%1。</translation>
    </message>
    <message>
        <source>Borrower</source>
        <translation>借款人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名/名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>ID / credit code</source>
        <translation>身份证号/统一社会信用代码</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Business type</source>
        <translation>经营类型</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Loan terms</source>
        <translation>贷款要素</translation>
    </message>
    <message>
        <source>Contract no.</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>余额（元）</translation>
    </message>
    <message>
        <source>Annual rate</source>
        <translation>年利率</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Repayment</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <source>Guarantee</source>
        <translation>担保方式</translation>
    </message>
    <message>
        <source>Risk class</source>
        <translation>五级分类</translation>
    </message>
    <message>
        <source>Business status</source>
        <translation>经营状况</translation>
    </message>
    <message>
        <source>Officer A</source>
        <translation>A角</translation>
    </message>
    <message>
        <source>Officer B</source>
        <translation>B角</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 on %2 (%3)</source>
        <translation>%1 %2（%3）</translation>
    </message>
    <message>
        <source>none (repaid)</source>
        <translation>无（已结清）</translation>
    </message>
    <message>
        <source>Next inspection</source>
        <translation>下次检查</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>期次</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Principal (yuan)</source>
        <translation>本金（元）</translation>
    </message>
    <message>
        <source>Interest (yuan)</source>
        <translation>利息（元）</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>还款日</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>与借款人关系</translation>
    </message>
    <message>
        <source>Guaranteed (yuan)</source>
        <translation>担保金额（元）</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Registration no.</source>
        <translation>登记编号</translation>
    </message>
    <message>
        <source>Appraised value (yuan)</source>
        <translation>评估价值（元）</translation>
    </message>
    <message>
        <source>Appraised on</source>
        <translation>评估日期</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <source> (revision %1)</source>
        <translation>（第 %1 版）</translation>
    </message>
    <message>
        <source>Inspected on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>检查类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Proposed risk class</source>
        <translation>建议分类</translation>
    </message>
    <message>
        <source>Waiting for the supervisor&apos;s review</source>
        <translation>等待主管审批</translation>
    </message>
</context>
<context>
    <name>LoansTableModel</name>
    <message>
        <source>Contract no.</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <source>Borrower</source>
        <translation>借款人</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>余额（元）</translation>
    </message>
    <message>
        <source>Risk class</source>
        <translation>五级分类</translation>
    </message>
    <message>
        <source>Business status</source>
        <translation>经营状况</translation>
    </message>
    <message>
        <source>Next inspection</source>
        <translation>下次检查</translation>
    </message>
    <message>
        <source>Inspection due</source>
        <translation>应检查日期</translation>
    </message>
    <message>
        <source>Principal overdue or interest unpaid</source>
        <translation>本金逾期或欠息</translation>
    </message>
</context>
<context>
    <name>LoansView</name>
    <message>
        <source>Search borrower, contract no. or ID number  (Ctrl+F)</source>
        <translation>搜索借款人、合同编号或证件号码 (Ctrl+F)</translation>
    </message>
    <message>
        <source>All branches</source>
        <translation>全部机构</translation>
    </message>
    <message>
        <source>All risk classes</source>
        <translation>全部五级分类</translation>
    </message>
    <message>
        <source>All business statuses</source>
        <translation>全部经营状况</translation>
    </message>
    <message>
        <source>Any due date</source>
        <translation>全部检查日期</translation>
    </message>
    <message>
        <source>Inspection overdue</source>
        <translation>检查已逾期</translation>
    </message>
    <message>
        <source>Due within 7 days</source>
        <translation>7 天内到期</translation>
    </message>
    <message>
        <source>Due within 30 days</source>
        <translation>30 天内到期</translation>
    </message>
    <message>
        <source>In arrears only</source>
        <translation>仅看欠款</translation>
    </message>
    <message numerus="yes">
        <source>%n loan(s)</source>
        <translation>
            <numerusform>共 %n 笔贷款</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — post-loan inspection</source>
        <translation>登录 — 贷后检查</translation>
    </message>
    <message>
        <source>Log in to head office</source>
        <translation>登录总行</translation>
    </message>
    <message>
        <source>Connect this laptop to head office</source>
        <translation>将这台电脑连接到总行</translation>
    </message>
    <message>
        <source>Log in with your head-office account. Without a network connection, the password of your last online login on this laptop lets you in offline.</source>
        <translation>请用总行账号登录。没有网络时，用您在这台电脑上最近一次在线登录的密码可以离线登录。</translation>
    </message>
    <message>
        <source>This laptop is not yet enrolled. Enter head office&apos;s server address and log in once with your account, while online: the laptop is then enrolled and receives your branch&apos;s loans. Afterwards you can also log in offline.</source>
        <translation>这台电脑还没有在总行登记。请在联网时填写总行服务器地址并用您的账号登录一次：电脑随即完成登记，并接收您所在支行的贷款。之后断网时也可以离线登录。</translation>
    </message>
    <message>
        <source>This laptop is enrolled with this head office and syncs with it only: the address cannot be changed here (IT can move a laptop)</source>
        <translation>这台电脑已在这个总行登记，只与它同步：地址不能在这里修改（如需更换，请找科技部）</translation>
    </message>
    <message>
        <source>The address head office&apos;s IT gave you, e.g. https://headoffice.example.cn</source>
        <translation>总行科技部提供的地址，例如 https://headoffice.example.cn</translation>
    </message>
    <message>
        <source>Head office server:</source>
        <translation>总行服务器：</translation>
    </message>
    <message>
        <source>This laptop is enrolled with this head office.</source>
        <translation>这台电脑已在这个总行登记。</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>This data folder holds the demo portfolio: its made-up data must not go to head office. Work standalone here, and log in from a new data folder.</source>
        <translation>这个数据文件夹装有演示数据，虚构的数据不能发送到总行。请在这里使用单机模式；要连接总行，请换一个新的数据文件夹。</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Work standalone</source>
        <translation>单机模式</translation>
    </message>
    <message>
        <source>Work on this laptop&apos;s data only, without head office (demos, training). Nothing is sent anywhere.</source>
        <translation>只使用本机数据工作，不连接总行（演示、培训）。不会发送任何数据。</translation>
    </message>
    <message>
        <source>The server address starts with http:// or https://, e.g. https://headoffice.example.cn</source>
        <translation>服务器地址应以 http:// 或 https:// 开头，例如 https://headoffice.example.cn</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Post-loan inspection</source>
        <translation>贷后检查</translation>
    </message>
    <message>
        <source>Work queue</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>贷款台账</translation>
    </message>
    <message>
        <source>My inspections</source>
        <translation>我的检查</translation>
    </message>
    <message>
        <source>Acting as:</source>
        <translation>当前用户：</translation>
    </message>
    <message>
        <source>Today %1 · data folder %2</source>
        <translation>今天 %1 · 数据目录 %2</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Verify report…</source>
        <translation>验证报告(&amp;V)…</translation>
    </message>
    <message>
        <source>Check the signatures of a signed PDF report</source>
        <translation>检查已签署 PDF 报告上的签名</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Find loan</source>
        <translation>查找贷款</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>&amp;Inspection</source>
        <translation>检查(&amp;I)</translation>
    </message>
    <message>
        <source>Start inspection</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <source>Start (or continue) an inspection of the selected loan</source>
        <translation>开始（或继续）检查所选贷款</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Import signing certificate…</source>
        <translation>导入签名证书…</translation>
    </message>
    <message>
        <source>Import the key and certificate head office issued to you (.p12, .pfx)</source>
        <translation>导入总行为您签发的密钥和证书（.p12、.pfx）</translation>
    </message>
    <message>
        <source>Install head-office root certificate…</source>
        <translation>安装总行根证书…</translation>
    </message>
    <message>
        <source>The head office&apos;s CA certificate, which every signature must chain to</source>
        <translation>总行认证中心的证书：每个签名的证书都须由它签发</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>Send your work to head office and receive theirs</source>
        <translation>把您的工作发送到总行，并接收总行的数据</translation>
    </message>
    <message>
        <source>&amp;Conflicts…</source>
        <translation>同步冲突(&amp;C)…</translation>
    </message>
    <message>
        <source>Changes head office could not take as they are: decide each one</source>
        <translation>总行无法原样接受的修改：请逐项决定</translation>
    </message>
    <message>
        <source>&amp;Log in to head office…</source>
        <translation>登录总行(&amp;L)…</translation>
    </message>
    <message>
        <source>Log in online (after an offline login), or enrol a standalone laptop</source>
        <translation>在线登录（离线登录之后），或为单机使用的电脑登记总行</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>This inspection has no electronic checklist to show.</source>
        <translation>这条检查记录没有可显示的电子检查表。</translation>
    </message>
    <message>
        <source>It was recorded before checklists were kept in this program; its summary is on the loan&apos;s page under Inspections.</source>
        <translation>它是在本程序启用电子检查表之前录入的；其概要见贷款页面的“检查记录”。</translation>
    </message>
    <message>
        <source>Select a loan first.</source>
        <translation>请先选择一笔贷款。</translation>
    </message>
    <message>
        <source>To review (%1)</source>
        <translation>待审批（%1）</translation>
    </message>
    <message>
        <source>Logged in:</source>
        <translation>登录用户：</translation>
    </message>
    <message>
        <source>Your version goes to head office at the next sync.</source>
        <translation>本机版本将在下次同步时发送到总行。</translation>
    </message>
    <message>
        <source>Head office&apos;s version taken.</source>
        <translation>已采用总行版本。</translation>
    </message>
    <message>
        <source>Head-office root certificate installed from %1</source>
        <translation>已从 %1 安装总行根证书</translation>
    </message>
    <message>
        <source>The new language takes effect the next time the program starts.</source>
        <translation>新的界面语言将在下次启动程序时生效。</translation>
    </message>
    <message>
        <source>Post-loan inspection %1
Data folder: %2</source>
        <translation>贷后检查 %1
数据目录：%2</translation>
    </message>
    <message>
        <source>Unsaved answers</source>
        <translation>有答案未保存</translation>
    </message>
    <message>
        <source>%1 answer(s) were not saved because they are not valid:
%2

Quit anyway and lose them?</source>
        <translation>有 %1 项答案因内容无效未能保存：
%2

仍要退出并放弃这些内容吗？</translation>
    </message>
</context>
<context>
    <name>MoneyInput</name>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>Enter an amount in yuan, e.g. 12345.67.</source>
        <translation>请输入以元为单位的金额，如 12345.67。</translation>
    </message>
</context>
<context>
    <name>MyInspectionsView</name>
    <message>
        <source>My inspections</source>
        <translation>我的检查</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Contract no.</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <source>Borrower</source>
        <translation>借款人</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>检查类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Inspected on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <source>Review comment</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the selected inspection (Enter or double-click)</source>
        <translation>打开所选检查（回车或双击）</translation>
    </message>
    <message>
        <source>Reopen as a new revision</source>
        <translation>重新打开为新版本</translation>
    </message>
    <message>
        <source>A returned inspection starts again as a new draft revision with its answers</source>
        <translation>已退回的检查以原有答案重新生成新版本草稿</translation>
    </message>
    <message>
        <source>%1 drafts · %2 returned · %3 submitted · %4 approved</source>
        <translation>草稿 %1 · 已退回 %2 · 已提交 %3 · 已审批 %4</translation>
    </message>
    <message>
        <source>Choose who you are in the status bar to see your inspections.</source>
        <translation>请在状态栏选择当前用户，查看其检查。</translation>
    </message>
</context>
<context>
    <name>NumberInput</name>
    <message>
        <source>Enter a number.</source>
        <translation>请输入数字。</translation>
    </message>
</context>
<context>
    <name>PhotoDelegate</name>
    <message>
        <source>Caption</source>
        <translation>照片说明</translation>
    </message>
</context>
<context>
    <name>PhotoGallery</name>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Choose photo files to add to this inspection (Ctrl+O)</source>
        <translation>选择照片文件添加到本次检查（Ctrl+O）</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <source>Import the photos of one day from a memory card, a phone or a folder</source>
        <translation>从存储卡、手机或文件夹导入某一天拍摄的照片</translation>
    </message>
    <message>
        <source>Rotate left</source>
        <translation>向左转</translation>
    </message>
    <message>
        <source>Turn the selected photos a quarter turn to the left (Ctrl+L)</source>
        <translation>把选中的照片向左转 90°（Ctrl+L）</translation>
    </message>
    <message>
        <source>Rotate right</source>
        <translation>向右转</translation>
    </message>
    <message>
        <source>Turn the selected photos a quarter turn to the right (Ctrl+R)</source>
        <translation>把选中的照片向右转 90°（Ctrl+R）</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Write what the photo shows (F2)</source>
        <translation>写明照片拍的是什么（F2）</translation>
    </message>
    <message>
        <source>Link…</source>
        <translation>关联…</translation>
    </message>
    <message>
        <source>Link the selected photos to a checklist item or a collateral item (Ctrl+K)</source>
        <translation>把选中的照片关联到检查项或抵质押物（Ctrl+K）</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>取消关联</translation>
    </message>
    <message>
        <source>Link the selected photos to nothing</source>
        <translation>取消选中照片的关联</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Take the selected photos out of this inspection (Delete)</source>
        <translation>把选中的照片从本次检查中删除（Delete）</translation>
    </message>
    <message>
        <source>View</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Show the photo large, with its details and warnings (Enter)</source>
        <translation>放大查看照片及其详细信息和警告（Enter）</translation>
    </message>
    <message>
        <source>Show only some of the photos (Alt+S)</source>
        <translation>只显示部分照片（Alt+S）</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>%1 photo(s)</source>
        <translation>共 %1 张照片</translation>
    </message>
    <message>
        <source> · %1 with warnings</source>
        <translation> · %1 张有警告</translation>
    </message>
    <message>
        <source> · %1 shown</source>
        <translation> · 显示 %1 张</translation>
    </message>
    <message>
        <source>No photo matches what is chosen under Show.</source>
        <translation>没有符合“显示”所选条件的照片。</translation>
    </message>
    <message>
        <source>No photos yet. Drag photo files here or onto a checklist item, or use Add photos… or Import folder….</source>
        <translation>还没有照片。把照片文件拖到这里或拖到检查项上，或者点“添加照片…”“导入文件夹…”。</translation>
    </message>
    <message>
        <source>This inspection has no photos.</source>
        <translation>本次检查没有照片。</translation>
    </message>
    <message>
        <source>All photos (%1)</source>
        <translation>全部照片（%1）</translation>
    </message>
    <message>
        <source>With warnings (%1)</source>
        <translation>有警告（%1）</translation>
    </message>
    <message>
        <source>Linked to nothing (%1)</source>
        <translation>未关联（%1）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>a collateral item</source>
        <translation>抵质押物</translation>
    </message>
    <message>
        <source>Turning the photos…</source>
        <translation>正在旋转照片…</translation>
    </message>
    <message>
        <source>Remove photos</source>
        <translation>删除照片</translation>
    </message>
    <message>
        <source>Remove the photo %1?</source>
        <translation>删除照片 %1？</translation>
    </message>
    <message>
        <source>Remove these %1 photos?</source>
        <translation>删除这 %1 张照片？</translation>
    </message>
    <message>
        <source>They are taken out of this inspection; the files on your disk are not touched.</source>
        <translation>照片将从本次检查中删除；电脑上的原文件不受影响。</translation>
    </message>
</context>
<context>
    <name>PhotoImport</name>
    <message>
        <source>Photos (%1)</source>
        <translation>照片 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Import cancelled: no photo was imported.</source>
        <translation>导入已取消：没有导入任何照片。</translation>
    </message>
    <message>
        <source>No photos taken on %1 were found in %2.</source>
        <translation>在 %2 中没有找到 %1 拍摄的照片。</translation>
    </message>
    <message>
        <source>No photos were found in %1.</source>
        <translation>在 %1 中没有找到照片。</translation>
    </message>
    <message>
        <source>%1 photo(s) imported.</source>
        <translation>已导入 %1 张照片。</translation>
    </message>
    <message>
        <source>%1 were already in this inspection and were not added again.</source>
        <translation>%1 张已在本次检查中，未重复添加。</translation>
    </message>
    <message>
        <source>%1 file(s) could not be imported:</source>
        <translation>%1 个文件未能导入：</translation>
    </message>
    <message>
        <source>Import cancelled: %1 file(s) were not imported.</source>
        <translation>导入已取消：%1 个文件未导入。</translation>
    </message>
    <message>
        <source>The import stopped early: %1 file(s) were not imported.</source>
        <translation>导入中途停止：%1 个文件未导入。</translation>
    </message>
</context>
<context>
    <name>PhotoImporter</name>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Photos are being imported; %1 more import(s) will follow.</source>
        <translation>正在导入照片，之后还有 %1 次导入。</translation>
    </message>
    <message>
        <source>%1 queued import(s) cancelled.</source>
        <translation>已取消排队中的 %1 次导入。</translation>
    </message>
</context>
<context>
    <name>PhotoListModel</name>
    <message>
        <source>Taken %1</source>
        <translation>拍摄于 %1</translation>
    </message>
    <message>
        <source>Linked to %1</source>
        <translation>关联到：%1</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>What the photo shows</source>
        <translation>照片拍的是什么</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>Pixels:</source>
        <translation>像素：</translation>
    </message>
    <message>
        <source>Taken:</source>
        <translation>拍摄时间：</translation>
    </message>
    <message>
        <source>Position:</source>
        <translation>拍摄位置：</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>相机：</translation>
    </message>
    <message>
        <source>Software:</source>
        <translation>软件：</translation>
    </message>
    <message>
        <source>Rotation:</source>
        <translation>旋转：</translation>
    </message>
    <message>
        <source>Linked to:</source>
        <translation>关联：</translation>
    </message>
    <message>
        <source>Caption:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>← Previous</source>
        <translation>← 上一张</translation>
    </message>
    <message>
        <source>The previous photo (Page Up, Left)</source>
        <translation>上一张照片（Page Up、←）</translation>
    </message>
    <message>
        <source>Next →</source>
        <translation>下一张 →</translation>
    </message>
    <message>
        <source>The next photo (Page Down, Right)</source>
        <translation>下一张照片（Page Down、→）</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <source>Show the picture pixel for pixel, or fit it (Z)</source>
        <translation>按实际像素显示，或缩放到窗口大小（Z）</translation>
    </message>
    <message>
        <source>Rotate left</source>
        <translation>向左转</translation>
    </message>
    <message>
        <source>A quarter turn to the left (Ctrl+L)</source>
        <translation>向左转 90°（Ctrl+L）</translation>
    </message>
    <message>
        <source>Rotate right</source>
        <translation>向右转</translation>
    </message>
    <message>
        <source>A quarter turn to the right (Ctrl+R)</source>
        <translation>向右转 90°（Ctrl+R）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Photo %1 of %2 — %3</source>
        <translation>照片 %1 / %2 — %3</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Open in a map</source>
        <translation>在地图中打开</translation>
    </message>
    <message>
        <source>%1° to the right (the original is unchanged)</source>
        <translation>向右 %1°（原图未改动）</translation>
    </message>
    <message>
        <source>as taken</source>
        <translation>未旋转</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>未关联</translation>
    </message>
    <message>
        <source>Warnings (%1)</source>
        <translation>警告（%1）</translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation>没有警告</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>The picture cannot be shown.</source>
        <translation>无法显示这张图片。</translation>
    </message>
</context>
<context>
    <name>Photos</name>
    <message>
        <source>No capture time: the photo may not be the camera&apos;s original.</source>
        <translation>没有拍摄时间：可能不是相机拍摄的原图。</translation>
    </message>
    <message>
        <source>Taken on %1, not on the day of the inspection.</source>
        <translation>拍摄于 %1，不是检查当天。</translation>
    </message>
    <message>
        <source>Capture time before 2000: the camera&apos;s clock is probably wrong.</source>
        <translation>拍摄时间早于 2000 年：相机时钟可能有误。</translation>
    </message>
    <message>
        <source>Capture time in the future: the camera&apos;s clock is probably wrong.</source>
        <translation>拍摄时间在未来：相机时钟可能有误。</translation>
    </message>
    <message>
        <source>No GPS position: location services were off or the file was copied.</source>
        <translation>没有 GPS 位置：拍摄时定位未开启，或文件是转存的。</translation>
    </message>
    <message>
        <source>GPS position 0, 0: the camera had no fix.</source>
        <translation>GPS 位置为 0, 0：拍摄时未定位成功。</translation>
    </message>
    <message>
        <source>The GPS position in the file is not valid.</source>
        <translation>文件中的 GPS 位置无效。</translation>
    </message>
    <message>
        <source>Taken more than %1 m from the borrower&apos;s or the collateral&apos;s address.</source>
        <translation>拍摄地点距借款人或抵质押物地址超过 %1 米。</translation>
    </message>
    <message>
        <source>The same file is attached to an earlier inspection: reused?</source>
        <translation>以前的检查中已有同一文件：是否重复使用？</translation>
    </message>
    <message>
        <source>Nearly the same picture is attached to an earlier inspection: reused?</source>
        <translation>以前的检查中有几乎相同的照片：是否重复使用？</translation>
    </message>
    <message>
        <source>Edited with software (%1).</source>
        <translation>经过软件编辑（%1）。</translation>
    </message>
    <message>
        <source>no capture time</source>
        <translation>无拍摄时间</translation>
    </message>
    <message>
        <source>not taken on the day</source>
        <translation>非检查当天</translation>
    </message>
    <message>
        <source>clock wrong</source>
        <translation>时间异常</translation>
    </message>
    <message>
        <source>no GPS</source>
        <translation>无定位</translation>
    </message>
    <message>
        <source>GPS 0, 0</source>
        <translation>定位为 0</translation>
    </message>
    <message>
        <source>GPS invalid</source>
        <translation>定位无效</translation>
    </message>
    <message>
        <source>far from the site</source>
        <translation>远离现场</translation>
    </message>
    <message>
        <source>reused</source>
        <translation>重复使用</translation>
    </message>
    <message>
        <source>probably reused</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>经过编辑</translation>
    </message>
    <message>
        <source>The file is empty (0 bytes).</source>
        <translation>文件为空（0 字节）。</translation>
    </message>
    <message>
        <source>Copy the photo from the camera or phone again.</source>
        <translation>从相机或手机重新复制这张照片。</translation>
    </message>
    <message>
        <source>Not a picture file.</source>
        <translation>不是图片文件。</translation>
    </message>
    <message>
        <source>Only JPEG, PNG, HEIC, WebP and TIFF photos can be imported.</source>
        <translation>只能导入 JPEG、PNG、HEIC、WebP 和 TIFF 格式的照片。</translation>
    </message>
    <message>
        <source>The picture is damaged or incomplete.</source>
        <translation>图片已损坏或不完整。</translation>
    </message>
    <message>
        <source>Copy it from the camera or phone again; if that does not help, take it again.</source>
        <translation>从相机或手机重新复制；仍然不行的话请重新拍摄。</translation>
    </message>
    <message>
        <source>The picture has too many pixels (more than 250 megapixels).</source>
        <translation>像素过多（超过 2.5 亿像素）。</translation>
    </message>
    <message>
        <source>Save it at a smaller size on the phone or camera, then import it.</source>
        <translation>在手机或相机上另存为较小尺寸后再导入。</translation>
    </message>
    <message>
        <source>The file cannot be read (memory card pulled out?).</source>
        <translation>无法读取文件（存储卡被拔出了？）</translation>
    </message>
    <message>
        <source>Check that the card or phone is still connected, then import again.</source>
        <translation>检查存储卡或手机是否仍然连接，然后重新导入。</translation>
    </message>
    <message>
        <source>The photo could not be saved: the disk is full or cannot be written.</source>
        <translation>无法保存照片：磁盘已满或无法写入。</translation>
    </message>
    <message>
        <source>Free some disk space, then import the remaining photos again. The photos already imported are kept.</source>
        <translation>清理出磁盘空间后重新导入其余照片。已导入的照片都已保存。</translation>
    </message>
    <message>
        <source>The same file as another one of this import, which was not imported.</source>
        <translation>与这次导入的另一个文件相同，而那个文件未能导入。</translation>
    </message>
    <message>
        <source>See the other file&apos;s line.</source>
        <translation>见另一个文件的说明。</translation>
    </message>
    <message>
        <source>The inspection can no longer take photos.</source>
        <translation>这次检查已不能再添加照片。</translation>
    </message>
    <message>
        <source>It was submitted, or you may not change it. Check its status and who you are.</source>
        <translation>检查已提交，或者你无权修改。请核对检查状态和当前用户。</translation>
    </message>
    <message>
        <source>The photo is not valid.</source>
        <translation>照片无效。</translation>
    </message>
    <message>
        <source>Check the file, then try again.</source>
        <translation>检查文件后重试。</translation>
    </message>
    <message>
        <source>%1 %2, %3 %4</source>
        <translation>%2 %1，%4 %3</translation>
    </message>
    <message>
        <source>N</source>
        <translation>北纬</translation>
    </message>
    <message>
        <source>S</source>
        <translation>南纬</translation>
    </message>
    <message>
        <source>E</source>
        <translation>东经</translation>
    </message>
    <message>
        <source>W</source>
        <translation>西经</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>PreviewProgress</name>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReportPreviewWindow</name>
    <message>
        <source>Open in the PDF viewer</source>
        <translation>用 PDF 阅读器打开</translation>
    </message>
    <message>
        <source>Open the report in the computer&apos;s PDF viewer, to print or save it</source>
        <translation>用本机的 PDF 阅读器打开报告，以便打印或保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The report could not be written for the PDF viewer.</source>
        <translation>无法为 PDF 阅读器写出报告文件。</translation>
    </message>
    <message>
        <source>Free some space on the disk, then try again.</source>
        <translation>请清理磁盘空间后重试。</translation>
    </message>
    <message>
        <source>No PDF viewer could be started.</source>
        <translation>无法启动 PDF 阅读器。</translation>
    </message>
    <message>
        <source>Open the file yourself: %1</source>
        <translation>请手动打开该文件：%1</translation>
    </message>
</context>
<context>
    <name>ReportPreviewer</name>
    <message>
        <source>Report preview — %1</source>
        <translation>报告预览 — %1</translation>
    </message>
    <message>
        <source>Building the report preview…</source>
        <translation>正在生成报告预览…</translation>
    </message>
    <message>
        <source>The report could not be written for the PDF viewer.</source>
        <translation>无法为 PDF 阅读器写出报告文件。</translation>
    </message>
    <message>
        <source>Free some space on the disk, then try again.</source>
        <translation>请清理磁盘空间后重试。</translation>
    </message>
    <message>
        <source>No PDF viewer could be started.</source>
        <translation>无法启动 PDF 阅读器。</translation>
    </message>
    <message>
        <source>Open the file yourself: %1</source>
        <translation>请手动打开该文件：%1</translation>
    </message>
</context>
<context>
    <name>ReportViewer</name>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Go to page</source>
        <translation>转到页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <source> of %1 </source>
        <translation> / 共 %1 页 </translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>%1 working day(s) overdue</source>
        <translation>逾期 %1 天</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>%1 working day(s) left</source>
        <translation>剩 %1 个工作日</translation>
    </message>
    <message>
        <source>Revision %1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <source>%1 · re-submitted</source>
        <translation>%1 · 重新提交</translation>
    </message>
    <message>
        <source>%1 (now %2)</source>
        <translation>%1（现为%2）</translation>
    </message>
    <message>
        <source>no photos</source>
        <translation>无照片</translation>
    </message>
    <message>
        <source>take back</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>状况</translation>
    </message>
    <message>
        <source>Estimated value</source>
        <translation>估计价值</translation>
    </message>
    <message>
        <source>Basis of the estimate</source>
        <translation>估值依据</translation>
    </message>
    <message>
        <source>Registration valid</source>
        <translation>登记有效</translation>
    </message>
    <message>
        <source>Insurance valid</source>
        <translation>保险有效</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
</context>
<context>
    <name>ReviewItemRow</name>
    <message>
        <source>not answered</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>批注</translation>
    </message>
    <message>
        <source>Comment on this item (C)</source>
        <translation>对此项批注（C）</translation>
    </message>
</context>
<context>
    <name>ReviewQueueView</name>
    <message>
        <source>Reports to review</source>
        <translation>待审批报告</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审阅</translation>
    </message>
    <message>
        <source>Open the selected report (Enter or double-click)</source>
        <translation>打开选中的报告（Enter 或双击）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the queue again (F5)</source>
        <translation>重新读取待审批列表（F5）</translation>
    </message>
    <message>
        <source>Working days left</source>
        <translation>剩余工作日</translation>
    </message>
    <message>
        <source>Contract no.</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <source>Borrower</source>
        <translation>借款人</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>检查类型</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Officers A/B</source>
        <translation>A角/B角</translation>
    </message>
    <message>
        <source>Proposed class</source>
        <translation>建议分类</translation>
    </message>
    <message>
        <source>Risk signals</source>
        <translation>风险信号</translation>
    </message>
    <message>
        <source>Photo warnings</source>
        <translation>照片警告</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交日期</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Working days left of the 10 a report has for its review (weekends and public holidays do not count); overdue ones first</source>
        <translation>审批时限 10 个工作日中剩余的天数（周末和法定节假日不计）；逾期的排在最前</translation>
    </message>
    <message>
        <source>The risk class the inspectors propose, and the loan&apos;s class now</source>
        <translation>客户经理建议的风险分类，及贷款目前的分类</translation>
    </message>
    <message>
        <source>How many risk signals the answers raise</source>
        <translation>检查回答触发的风险信号数</translation>
    </message>
    <message>
        <source>Photos with a provenance warning / all photos</source>
        <translation>有来源警告的照片数 / 照片总数</translation>
    </message>
    <message>
        <source>Due on %1</source>
        <translation>截止日期 %1</translation>
    </message>
    <message>
        <source>The inspectors propose a class other than the loan&apos;s</source>
        <translation>客户经理建议的分类与贷款目前的分类不同</translation>
    </message>
    <message>
        <source>This report has no photos</source>
        <translation>此报告没有照片</translation>
    </message>
    <message>
        <source>%1 of %2 photos carry a provenance warning</source>
        <translation>%2 张照片中有 %1 张带来源警告</translation>
    </message>
    <message>
        <source>%1 report(s) to review · %2 overdue · %3 re-submitted. Enter opens one, J/K move down and up, Ctrl+Enter approves, Ctrl+R returns.</source>
        <translation>待审批 %1 份 · 逾期 %2 份 · 重新提交 %3 份。Enter 打开，J/K 上下移动，Ctrl+Enter 审批，Ctrl+R 退回。</translation>
    </message>
    <message>
        <source>Nothing to review: every report is done.</source>
        <translation>没有待审批的报告：全部已处理。</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>← Queue</source>
        <translation>← 待审批</translation>
    </message>
    <message>
        <source>Back to the reports to review (Esc)</source>
        <translation>返回待审批列表（Esc）</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一份</translation>
    </message>
    <message>
        <source>The previous report in the queue (K, Ctrl+PgUp)</source>
        <translation>待审批列表中的上一份（K、Ctrl+PgUp）</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一份 ▶</translation>
    </message>
    <message>
        <source>The next report in the queue (J, Ctrl+PgDown)</source>
        <translation>待审批列表中的下一份（J、Ctrl+PgDown）</translation>
    </message>
    <message>
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <source>Send the report back to the inspectors with a reason (Ctrl+R)</source>
        <translation>说明理由，将报告退回客户经理（Ctrl+R）</translation>
    </message>
    <message>
        <source>Approve and countersign…</source>
        <translation>审批并会签…</translation>
    </message>
    <message>
        <source>Confirm the risk class and countersign the report (Ctrl+Enter)</source>
        <translation>确认风险分类并会签报告（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>检查内容</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>本次修改</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Collateral</source>
        <translation>押品</translation>
    </message>
    <message>
        <source>officers A/B %1</source>
        <translation>A角/B角 %1</translation>
    </message>
    <message>
        <source>submitted %1</source>
        <translation>提交 %1</translation>
    </message>
    <message>
        <source>due %1 (%2)</source>
        <translation>截止 %1（%2）</translation>
    </message>
    <message>
        <source>proposed class %1</source>
        <translation>建议分类 %1</translation>
    </message>
    <message>
        <source>revision %1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 / %2 份</translation>
    </message>
    <message>
        <source>Approved and countersigned: the report is final and read-only.</source>
        <translation>已审批并会签：报告已定稿，只读。</translation>
    </message>
    <message>
        <source>Returned to the inspectors: read-only until they re-submit it.</source>
        <translation>已退回客户经理：重新提交前只读。</translation>
    </message>
    <message>
        <source>Not yours to review (your own report, or another branch&apos;s): read-only.</source>
        <translation>不由您审批（您本人的报告，或其他支行的报告）：只读。</translation>
    </message>
    <message>
        <source>This report was submitted without a signed PDF (before reports were signed): it cannot be countersigned, only returned (Ctrl+R).</source>
        <translation>此报告提交时没有已签名的 PDF（在启用电子签名之前）：无法会签，只能退回（Ctrl+R）。</translation>
    </message>
    <message>
        <source>Changes (%1)</source>
        <translation>本次修改（%1）</translation>
    </message>
    <message>
        <source>What revision %1 changed since revision %2, which you returned</source>
        <translation>第 %1 版相对于您退回的第 %2 版所做的修改</translation>
    </message>
    <message>
        <source>Photos (%1)</source>
        <translation>照片（%1）</translation>
    </message>
    <message>
        <source>Photos (%1 · ⚠%2)</source>
        <translation>照片（%1 · ⚠%2）</translation>
    </message>
    <message>
        <source>The report&apos;s photos; Enter or a double click shows one at full size with its EXIF data and warnings</source>
        <translation>报告的照片；按 Enter 或双击以原尺寸查看，并显示 EXIF 信息和警告</translation>
    </message>
    <message>
        <source>Collateral (%1)</source>
        <translation>押品（%1）</translation>
    </message>
    <message>
        <source>The loan&apos;s collateral; double-click an item for its history and photos</source>
        <translation>贷款的抵质押物；双击查看其历次记录和照片</translation>
    </message>
    <message>
        <source>No reports on this computer.</source>
        <translation>本机没有报告服务。</translation>
    </message>
    <message>
        <source>Opening the signed report…</source>
        <translation>正在打开已签名的报告…</translation>
    </message>
    <message>
        <source>This report has no signed PDF: it was submitted before reports were signed.</source>
        <translation>此报告没有已签名的 PDF：它在启用电子签名之前提交。</translation>
    </message>
    <message>
        <source>Qt&apos;s PDF module is not installed: the signed report cannot be shown here.</source>
        <translation>未安装 Qt 的 PDF 模块：无法在此显示已签名的报告。</translation>
    </message>
    <message>
        <source>The signed report cannot be read.</source>
        <translation>无法读取已签名的报告。</translation>
    </message>
    <message>
        <source>This is the last report in the queue.</source>
        <translation>这是待审批列表中的最后一份。</translation>
    </message>
    <message>
        <source>This is the first report in the queue.</source>
        <translation>这是待审批列表中的第一份。</translation>
    </message>
    <message>
        <source>%1 Nothing more to review.</source>
        <translation>%1 没有其他待审批的报告了。</translation>
    </message>
    <message>
        <source>%1 Next: %2.</source>
        <translation>%1 下一份：%2。</translation>
    </message>
    <message>
        <source>Approved and countersigned: %1.</source>
        <translation>已审批并会签：%1。</translation>
    </message>
    <message>
        <source>Your %1 comment(s) go back with it: the inspectors see each one on the item it concerns in their new revision.</source>
        <translation>您的 %1 条意见将一并退回：客户经理会在新版本中相关检查项下看到每一条。</translation>
    </message>
    <message>
        <source>Tip: comment on the items to change (C) before returning the report.</source>
        <translation>提示：退回前可先对需修改的检查项批注（C）。</translation>
    </message>
    <message>
        <source>Return the report</source>
        <translation>退回报告</translation>
    </message>
    <message>
        <source>Return %1</source>
        <translation>退回 %1</translation>
    </message>
    <message>
        <source>Why does it go back? The inspectors read this first in their new revision (required).</source>
        <translation>退回理由（必填）：客户经理在新版本中首先看到这段文字。</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Returned: %1.</source>
        <translation>已退回：%1。</translation>
    </message>
    <message>
        <source>Comment on: %1</source>
        <translation>批注：%1</translation>
    </message>
    <message>
        <source>Comment on the whole report</source>
        <translation>对整份报告批注</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>批注</translation>
    </message>
    <message>
        <source>What should the inspectors check or change? They see it on this item if you return the report.</source>
        <translation>客户经理应核实或修改什么？退回报告后，他们会在此项下看到这条意见。</translation>
    </message>
    <message>
        <source>Add comment</source>
        <translation>添加批注</translation>
    </message>
</context>
<context>
    <name>SectionBox</name>
    <message>
        <source>Every answer carried over from the last inspection in this section still holds</source>
        <translation>本部分沿用上次检查的答案均仍属实</translation>
    </message>
    <message>
        <source>Confirm all (%1)</source>
        <translation>全部确认（%1）</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>%1 signs as %2</source>
        <translation>%1 以%2身份签署</translation>
    </message>
    <message>
        <source>Import signing certificate…</source>
        <translation>导入签名证书…</translation>
    </message>
    <message>
        <source>Risk classification</source>
        <translation>风险分类</translation>
    </message>
    <message>
        <source>Choose a class</source>
        <translation>请选择分类</translation>
    </message>
    <message>
        <source>%1 (proposed)</source>
        <translation>%1（建议）</translation>
    </message>
    <message>
        <source>Proposed by the inspectors: %1</source>
        <translation>客户经理建议：%1</translation>
    </message>
    <message>
        <source> · the loan is now %1</source>
        <translation> · 贷款目前为%1</translation>
    </message>
    <message>
        <source>Why you classify it otherwise than proposed (required)</source>
        <translation>改变建议分类的理由（必填）</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>&amp;Class:</source>
        <translation>分类(&amp;C)：</translation>
    </message>
    <message>
        <source>Handwritten signature:</source>
        <translation>手写签名：</translation>
    </message>
    <message>
        <source>Use the signature I drew for the last report</source>
        <translation>沿用上一份报告的手写签名</translation>
    </message>
    <message>
        <source>The same handwritten stamp as on the report you signed last in this session</source>
        <translation>与本次登录中您最近签署的报告使用同一手写签名</translation>
    </message>
    <message>
        <source>The passphrase of your signing certificate</source>
        <translation>您的签名证书口令</translation>
    </message>
    <message>
        <source>Remember the passphrase for this session (locks after 30 idle minutes)</source>
        <translation>本次登录期间记住口令（30 分钟无操作后锁定）</translation>
    </message>
    <message>
        <source>Approve the next reports without typing the passphrase again. The key stays open in this program&apos;s memory only, until 30 minutes pass without a signature, you log out or you quit.</source>
        <translation>审批后续报告时无需再次输入口令。密钥只在本程序的内存中保持打开，30 分钟内没有签署、注销或退出程序后即锁定。</translation>
    </message>
    <message>
        <source>Signing key unlocked: no passphrase needed in this session.</source>
        <translation>签名密钥已解锁：本次登录期间无需输入口令。</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>Preview report</source>
        <translation>预览报告</translation>
    </message>
    <message>
        <source>The head office&apos;s root certificate is not installed on this computer: install it first (Settings → Install head-office root certificate…).</source>
        <translation>本机尚未安装总行根证书：请先安装（设置 → 安装总行根证书…）。</translation>
    </message>
    <message>
        <source>You have no signing certificate on this computer yet: import the .p12 file head office gave you.</source>
        <translation>本机还没有您的签名证书：请导入总行给您的 .p12 文件。</translation>
    </message>
    <message>
        <source>Signing certificate: %1</source>
        <translation>签名证书：%1</translation>
    </message>
    <message>
        <source>Demo data: every demo certificate&apos;s passphrase is %1</source>
        <translation>演示数据：所有演示证书的口令均为 %1</translation>
    </message>
    <message>
        <source>Choose the risk class first</source>
        <translation>请先选择风险分类</translation>
    </message>
    <message>
        <source>Give the reason for changing the proposed risk class</source>
        <translation>请填写改变建议风险分类的理由</translation>
    </message>
    <message>
        <source>Write your signature on the pad first</source>
        <translation>请先在签名板上手写签名</translation>
    </message>
    <message>
        <source>Enter your passphrase</source>
        <translation>请输入口令</translation>
    </message>
    <message>
        <source>Sign the report (Enter)</source>
        <translation>签署报告（Enter）</translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>正在签署…</translation>
    </message>
    <message>
        <source>The signing key locked again (30 minutes without a signature): enter the passphrase once more.</source>
        <translation>签名密钥已重新锁定（30 分钟内没有签署）：请再输入一次口令。</translation>
    </message>
    <message>
        <source>%1 required item(s) are still unanswered or unconfirmed: answer them first (F8 in the checklist goes to the next one).</source>
        <translation>还有 %1 项必填项未填写或未确认：请先填写（在检查表中按 F8 转到下一项）。</translation>
    </message>
    <message>
        <source>The report proposes no risk class: choose one to approve it.</source>
        <translation>报告没有建议风险分类：请选择一个分类后再审批。</translation>
    </message>
    <message>
        <source>Approving with another risk class than the proposed one needs a reason: write it under the class.</source>
        <translation>以不同于建议的风险分类审批须说明理由：请在分类下方填写。</translation>
    </message>
    <message>
        <source>The report cannot be signed yet: %1</source>
        <translation>报告暂不能签署：%1</translation>
    </message>
    <message>
        <source>You may not sign this report now: it may have been approved or returned meanwhile (refresh the queue), or you are not a supervisor of its branch, or you are its officer A or B.</source>
        <translation>您现在不能签署此报告：它可能已被审批或退回（请刷新待审批列表），或您不是该支行的信贷主管，或您是该报告的A角或B角。</translation>
    </message>
    <message>
        <source>The inspection changed while its report was being signed: close this window, look at it again and sign again.</source>
        <translation>签署期间检查内容被修改：请关闭此窗口，重新查看后再签署。</translation>
    </message>
</context>
<context>
    <name>SignatureBox</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Take back the last stroke (Ctrl+Z)</source>
        <translation>撤销最后一笔（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Put the stroke back (Ctrl+Shift+Z)</source>
        <translation>恢复撤销的一笔（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Start the signature again (Esc)</source>
        <translation>清除后重新签名（Esc）</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Sign here with the mouse, a pen or a finger. Ctrl+Z undoes the last stroke, Ctrl+Shift+Z redoes it, Esc clears.</source>
        <translation>用鼠标、手写笔或手指在此签名。Ctrl+Z 撤销最后一笔，Ctrl+Shift+Z 恢复，Esc 清除。</translation>
    </message>
    <message>
        <source>Handwritten signature</source>
        <translation>手写签名</translation>
    </message>
    <message>
        <source>Sign here</source>
        <translation>请在此处签名</translation>
    </message>
</context>
<context>
    <name>Signatures</name>
    <message>
        <source>Inspector A</source>
        <translation>检查人A角</translation>
    </message>
    <message>
        <source>Inspector B</source>
        <translation>检查人B角</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>(other field)</source>
        <translation>（其他签名栏）</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Form filling (later signatures)</source>
        <translation>填写表单（后续签名）</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>批注</translation>
    </message>
    <message>
        <source>Other changes</source>
        <translation>其他改动</translation>
    </message>
    <message>
        <source>no changes</source>
        <translation>不允许任何改动</translation>
    </message>
    <message>
        <source>filling the remaining signature fields only</source>
        <translation>仅允许填写其余签名栏</translation>
    </message>
    <message>
        <source>form filling and annotations</source>
        <translation>填写表单和批注</translation>
    </message>
    <message>
        <source>The signature cannot be checked: it is damaged.</source>
        <translation>签名已损坏，无法检查。</translation>
    </message>
    <message>
        <source>The signed content was changed after signing, or the signature is broken.</source>
        <translation>签名后内容被改动，或签名已损坏。</translation>
    </message>
    <message>
        <source>The certificate was not issued by the head-office CA.</source>
        <translation>证书不是总行认证中心签发的。</translation>
    </message>
    <message>
        <source>The certificate was not valid at the signing time.</source>
        <translation>签署时证书不在有效期内。</translation>
    </message>
    <message>
        <source>The certificate was not yet valid at the signing time.</source>
        <translation>签署时证书尚未生效。</translation>
    </message>
    <message>
        <source>The certificate may not sign documents.</source>
        <translation>该证书不允许签署文件。</translation>
    </message>
    <message>
        <source>The certificate is revoked.</source>
        <translation>证书已被吊销。</translation>
    </message>
    <message>
        <source>The certificate does not chain to the head-office CA.</source>
        <translation>证书无法追溯到总行认证中心。</translation>
    </message>
    <message>
        <source>Changed after this signature in a way not allowed: %1.</source>
        <translation>此签名之后有不允许的改动：%1。</translation>
    </message>
    <message>
        <source>The file is not a readable PDF.</source>
        <translation>该文件不是可读取的 PDF。</translation>
    </message>
    <message>
        <source>The file carries no signature.</source>
        <translation>该文件没有任何签名。</translation>
    </message>
    <message>
        <source>Data was appended after the last signature: the file is not the one that was signed.</source>
        <translation>最后一个签名之后被追加了数据：该文件不是签署时的文件。</translation>
    </message>
    <message>
        <source>Valid: %1 signature(s), each intact and trusted, with nothing but allowed changes after it.</source>
        <translation>有效：%1 个签名，均完整、可信，签署后只有允许的改动。</translation>
    </message>
    <message>
        <source>Not signed yet: %1.</source>
        <translation>尚未签署：%1。</translation>
    </message>
    <message>
        <source>NOT valid.</source>
        <translation>无效。</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>Signing</name>
    <message>
        <source>Sign (inspector B)</source>
        <translation>签署(B角)</translation>
    </message>
    <message>
        <source>Approve and countersign</source>
        <translation>审批并会签</translation>
    </message>
    <message>
        <source>Sign report</source>
        <translation>签署报告</translation>
    </message>
    <message>
        <source>Your signature certifies the report. Once you sign, the checklist is frozen and can no longer be changed; after inspector B signs, it goes to the supervisor.</source>
        <translation>您的签名将认证这份报告。签署后检查表即冻结，不能再修改；B角签署后提交信贷主管审批。</translation>
    </message>
    <message>
        <source>Inspector A has signed. Once you sign, the inspection is submitted to the supervisor for review.</source>
        <translation>A角已签署。您签署后，本次检查即提交信贷主管审批。</translation>
    </message>
    <message>
        <source>Your countersignature approves the inspection. The report is then final and archived.</source>
        <translation>您的会签即审批通过本次检查，报告随即定稿归档。</translation>
    </message>
</context>
<context>
    <name>StartInspectionDialog</name>
    <message>
        <source>Start inspection</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <source>The rules propose a %1, due on %2.</source>
        <translation>按规则应进行%1，到期日 %2。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>检查类型</translation>
    </message>
    <message>
        <source>Officer A</source>
        <translation>A 角</translation>
    </message>
    <message>
        <source>Officer B</source>
        <translation>B 角</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Officers A and B must be two different people.</source>
        <translation>A 角和 B 角不能是同一人。</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Wrong username or password. Type them again (passwords are case-sensitive); if you forgot yours, head office&apos;s IT desk resets it.</source>
        <translation>用户名或密码不对。请重新输入（密码区分大小写）；忘记密码请找总行科技部重置。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: head office has locked this account for %1 more minute(s). Wait and try again, or ask head office&apos;s IT desk to unlock it.</source>
        <translation>密码输错次数过多，总行已将此账户锁定，还需等待 %1 分钟。请稍后再试，或请总行科技部解锁。</translation>
    </message>
    <message>
        <source>Head office&apos;s server cannot be reached. Check the address and the network connection, then try again — or work standalone for now.</source>
        <translation>连接不上总行服务器。请检查地址和网络连接后重试，或者先使用单机模式。</translation>
    </message>
    <message>
        <source>Head office&apos;s server cannot be reached, and this account has never logged in online on this laptop, so it cannot log in offline. Connect to the network and try again.</source>
        <translation>连接不上总行服务器，而这个账号从未在这台电脑上在线登录过，所以不能离线登录。请连上网络后重试。</translation>
    </message>
    <message>
        <source>Head office&apos;s server cannot be reached. Check the network, or keep working offline: your last online login lets you in, everything you do is kept on this laptop and goes to head office at the next sync.</source>
        <translation>连接不上总行服务器。请检查网络，或者继续离线工作：凭最近一次在线登录即可进入，您做的一切都保存在本机，下次同步时发送到总行。</translation>
    </message>
    <message>
        <source>Something other than head office answered: the network probably wants you to log in to it first (a hotel or branch Wi-Fi page?). Open a web browser, finish that login, then try again. If it persists, check the server address.</source>
        <translation>回应的不是总行服务器：这个网络可能要求先登录网络本身（酒店或网点的 Wi-Fi 登录页？）。请打开浏览器完成网络登录后再试。如果一直这样，请检查服务器地址。</translation>
    </message>
    <message>
        <source>Your login has expired: log in again to sync.</source>
        <translation>登录已过期：请重新登录后再同步。</translation>
    </message>
    <message>
        <source>This laptop belongs to another head office: its data would mix with this server&apos;s, so it cannot connect here. Check the address; to move the laptop to another head office, ask IT.</source>
        <translation>这台电脑属于另一个总行：连接这里会让两边的数据混在一起，所以不能连接。请检查地址；要把电脑转到另一个总行，请找科技部。</translation>
    </message>
    <message>
        <source>This laptop is not yet enrolled with head office: enter the server address and log in once while online.</source>
        <translation>这台电脑还没有在总行登记：请在联网时填写服务器地址并登录一次。</translation>
    </message>
    <message>
        <source>This data folder holds the demo portfolio: enrolling it would send made-up loans to head office. Start postloan with a new data folder to enrol this laptop.</source>
        <translation>这个数据目录装的是演示数据：登记后会把虚构的贷款发送到总行。请用一个新的数据目录启动 postloan 来登记这台电脑。</translation>
    </message>
    <message>
        <source>Head office&apos;s server had a problem. Everything is still on this laptop: try again later, and tell head office&apos;s IT desk if it persists.</source>
        <translation>总行服务器出了问题。所有数据仍在本机：请稍后再试；如果一直这样，请告诉总行科技部。</translation>
    </message>
    <message>
        <source>The sync was cancelled. Nothing is lost or sent twice: the next sync goes on from where this one stopped.</source>
        <translation>同步已取消。没有丢失，也不会重复发送：下次同步从这次停下的地方继续。</translation>
    </message>
    <message>
        <source>A file arrived damaged and was thrown away. Sync again; tell head office&apos;s IT desk if it persists.</source>
        <translation>一个文件在传输中损坏，已丢弃。请再同步一次；如果一直这样，请告诉总行科技部。</translation>
    </message>
    <message>
        <source>Head office refused the request (%1). Tell head office&apos;s IT desk.</source>
        <translation>总行拒绝了这个请求（%1）。请告诉总行科技部。</translation>
    </message>
    <message>
        <source>The login failed: %1</source>
        <translation>登录失败：%1</translation>
    </message>
    <message>
        <source>The sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
    <message>
        <source>Uploading photos</source>
        <translation>上传照片</translation>
    </message>
    <message>
        <source>Uploading signed reports</source>
        <translation>上传签字报告</translation>
    </message>
    <message>
        <source>Sending changes</source>
        <translation>推送修改</translation>
    </message>
    <message>
        <source>Receiving data</source>
        <translation>接收数据</translation>
    </message>
    <message>
        <source>Downloading photos and reports</source>
        <translation>下载照片和报告</translation>
    </message>
    <message>
        <source>Connecting to head office</source>
        <translation>正在连接总行</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>支行</translation>
    </message>
    <message>
        <source>Staff member</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Borrower</source>
        <translation>借款人</translation>
    </message>
    <message>
        <source>Loan</source>
        <translation>贷款</translation>
    </message>
    <message>
        <source>Repayment instalment</source>
        <translation>还款计划</translation>
    </message>
    <message>
        <source>Guarantor</source>
        <translation>保证人</translation>
    </message>
    <message>
        <source>Collateral</source>
        <translation>抵质押物</translation>
    </message>
    <message>
        <source>Checklist template</source>
        <translation>检查表模板</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Collateral note</source>
        <translation>抵质押物检查记录</translation>
    </message>
    <message>
        <source>Report version</source>
        <translation>报告版本</translation>
    </message>
    <message>
        <source>Audit log entry</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>版次</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>照片说明</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Answered at</source>
        <translation>回答时间</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>回答人</translation>
    </message>
    <message>
        <source>Inspected on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>检查地点</translation>
    </message>
    <message>
        <source>Review comment</source>
        <translation>审批意见</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>状况</translation>
    </message>
    <message>
        <source>Estimated value (fen)</source>
        <translation>估值（分）</translation>
    </message>
    <message>
        <source>Updated at</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Updated by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Submitted at</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Reviewed at</source>
        <translation>审批时间</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>签署人</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Someone changed this record at head office after this laptop last received it.</source>
        <translation>本机上次接收之后，总行的这条记录又被人修改过。</translation>
    </message>
    <message>
        <source>Your role does not allow this change in the loan&apos;s branch.</source>
        <translation>您在这笔贷款所属支行的角色不允许这项修改。</translation>
    </message>
    <message>
        <source>The loan belongs to a branch you hold no role in.</source>
        <translation>这笔贷款属于您没有任何角色的支行。</translation>
    </message>
    <message>
        <source>The inspection was signed, which froze it: it can no longer change.</source>
        <translation>这次检查已签署，已被冻结，不能再修改。</translation>
    </message>
    <message>
        <source>The inspection cannot move to that status.</source>
        <translation>这次检查不能转到那个状态。</translation>
    </message>
    <message>
        <source>Head office does not know this loan.</source>
        <translation>总行没有这笔贷款。</translation>
    </message>
    <message>
        <source>Head office does not know this inspection.</source>
        <translation>总行没有这次检查。</translation>
    </message>
    <message>
        <source>The signature is not the one this role&apos;s officer must give.</source>
        <translation>这个签名不是该角色的负责人应给的签名。</translation>
    </message>
    <message>
        <source>A supervisor cannot approve an inspection they carried out.</source>
        <translation>审批人不能审批自己参与的检查。</translation>
    </message>
    <message>
        <source>The report&apos;s signature did not check out at head office.</source>
        <translation>报告的签名在总行验证未通过。</translation>
    </message>
    <message>
        <source>The change needs a signed report, and none came with it.</source>
        <translation>这项修改需要签字报告，但没有随附。</translation>
    </message>
    <message>
        <source>This kind of record is never changed once made.</source>
        <translation>这类记录一经产生就不能修改。</translation>
    </message>
    <message>
        <source>The record was not valid.</source>
        <translation>这条记录无效。</translation>
    </message>
    <message>
        <source>This kind of record comes from head office only.</source>
        <translation>这类记录只能由总行下发。</translation>
    </message>
    <message>
        <source>A record cannot move to another inspection or loan.</source>
        <translation>记录不能转到另一次检查或另一笔贷款。</translation>
    </message>
    <message>
        <source>The record&apos;s identity did not match.</source>
        <translation>记录的标识不一致。</translation>
    </message>
    <message>
        <source>The change was sent under another change&apos;s identity.</source>
        <translation>这项修改使用了另一项修改的标识。</translation>
    </message>
    <message>
        <source>Head office has no such record to delete.</source>
        <translation>总行没有这条可删除的记录。</translation>
    </message>
</context>
<context>
    <name>SyncConflicts</name>
    <message>
        <source>contract %1, revision %2</source>
        <translation>合同 %1 第 %2 版</translation>
    </message>
    <message>
        <source>contract %1</source>
        <translation>合同 %1</translation>
    </message>
    <message>
        <source>item “%1”</source>
        <translation>项目「%1」</translation>
    </message>
    <message>
        <source>signature %1</source>
        <translation>第 %1 个签名</translation>
    </message>
</context>
<context>
    <name>SyncProgressDialog</name>
    <message>
        <source>Sync with head office</source>
        <translation>与总行同步</translation>
    </message>
    <message>
        <source>Syncing with head office…</source>
        <translation>正在与总行同步…</translation>
    </message>
    <message>
        <source>You can keep working meanwhile: what you change now goes at the next sync.</source>
        <translation>同步期间可以继续工作：现在做的修改在下次同步时发送。</translation>
    </message>
    <message>
        <source>In the background</source>
        <translation>后台同步</translation>
    </message>
    <message>
        <source>Stop the sync: what was sent stays sent, the next sync goes on from there</source>
        <translation>停止同步：已发送的仍然有效，下次同步从这里继续</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>SyncRun</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Synced: %1 sent, %2 received</source>
        <translation>已同步：发送 %1 项，接收 %2 项</translation>
    </message>
    <message>
        <source>, %1 new conflict(s) to decide</source>
        <translation>，新增 %1 项冲突待处理</translation>
    </message>
    <message>
        <source>This laptop works standalone. To sync, enrol it with head office: enter the server address and log in.</source>
        <translation>这台电脑正在单机模式下工作。要同步，请先在总行登记：填写服务器地址并登录。</translation>
    </message>
    <message>
        <source>You logged in offline. To sync, log in to head office online first.</source>
        <translation>您是离线登录的。要同步，请先在线登录总行。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Syncing… %1</source>
        <translation>正在同步… %1</translation>
    </message>
    <message>
        <source>The sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <source>Sync cancelled</source>
        <translation>同步已取消</translation>
    </message>
    <message>
        <source>Login expired: press Sync to log in again</source>
        <translation>登录已过期：请点「同步」重新登录</translation>
    </message>
    <message>
        <source>Not synced: retrying in %1</source>
        <translation>未同步：%1后自动重试</translation>
    </message>
    <message>
        <source>Not synced</source>
        <translation>未同步</translation>
    </message>
    <message>
        <source>The sync did not complete.</source>
        <translation>同步没有完成。</translation>
    </message>
    <message>
        <source>Logged in as %1</source>
        <translation>已登录为 %1</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Standalone</source>
        <translation>单机模式</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <source>%1 item(s) to send</source>
        <translation>待上传 %1 项</translation>
    </message>
    <message>
        <source>all sent</source>
        <translation>已全部上传</translation>
    </message>
    <message>
        <source>%1 file(s) to receive</source>
        <translation>待下载 %1 个文件</translation>
    </message>
    <message>
        <source>After the last sync, this laptop and head office do not hold the same records. Nothing was overwritten on either side. Tell head office&apos;s IT desk:</source>
        <translation>上次同步后核对发现，本机和总行的记录不一致。两边都没有被覆盖。请告诉总行科技部：</translation>
    </message>
    <message>
        <source>%1: %2 on both sides, but not the same versions</source>
        <translation>%1：两边都是 %2 条，但版本不一致</translation>
    </message>
    <message>
        <source>%1: %2 here, %3 at head office</source>
        <translation>%1：本机 %2 条，总行 %3 条</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Changes head office could not take as they are: decide each one</source>
        <translation>总行无法原样接受的修改：请逐项决定</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Sync with head office now (Ctrl+Shift+S)</source>
        <translation>立即与总行同步（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <source>Head office: %1</source>
        <translation>总行：%1</translation>
    </message>
    <message>
        <source>No head office: the data stays on this laptop</source>
        <translation>未连接总行：数据只保存在本机</translation>
    </message>
    <message>
        <source>Offline login</source>
        <translation>离线登录</translation>
    </message>
    <message>
        <source>Head office could not be reached at login: you were let in by the password of your last online login. Press Sync to log in online and send your work.</source>
        <translation>登录时连接不上总行：凭最近一次在线登录的密码进入。点「同步」可在线登录并发送您的工作。</translation>
    </message>
    <message>
        <source>Conflicts %1</source>
        <translation>冲突 %1</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
</context>
<context>
    <name>ValidationPanel</name>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Submit the inspection for review; it can no longer be changed (Ctrl+Enter)</source>
        <translation>提交检查送审，提交后不能再修改（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Preview report</source>
        <translation>预览报告</translation>
    </message>
    <message>
        <source>The report as it stands, marked as a draft (Ctrl+P)</source>
        <translation>按当前内容生成的报告，带“草稿”水印（Ctrl+P）</translation>
    </message>
    <message>
        <source>Verify signatures</source>
        <translation>签名验证</translation>
    </message>
    <message>
        <source>Check every signature on the signed report</source>
        <translation>检查已签署报告上的每个签名</translation>
    </message>
    <message>
        <source>Sign report</source>
        <translation>签署报告</translation>
    </message>
    <message>
        <source> (carried over, to confirm)</source>
        <translation>（沿用上次，待确认）</translation>
    </message>
    <message>
        <source>Required items unanswered (%1)</source>
        <translation>未填必答项（%1）</translation>
    </message>
    <message>
        <source>Risk signals raised (%1)</source>
        <translation>风险信号（%1）</translation>
    </message>
    <message>
        <source>This inspection is no longer a draft: it is read-only.</source>
        <translation>本检查已不是草稿，只读。</translation>
    </message>
    <message>
        <source>Every required item is answered: ready to submit.</source>
        <translation>必答项已全部填写，可以提交。</translation>
    </message>
    <message>
        <source>Answer every required item (F8 goes to the next one).</source>
        <translation>请填写全部必答项（F8 跳到下一项）。</translation>
    </message>
    <message>
        <source>Go to the collateral (Ctrl+Shift+C)</source>
        <translation>查看抵质押物（Ctrl+Shift+C）</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify report signatures</source>
        <translation>验证报告签名</translation>
    </message>
    <message>
        <source>Open another report…</source>
        <translation>打开其他报告…</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Report: %1</source>
        <translation>报告：%1</translation>
    </message>
    <message>
        <source>Verify a report</source>
        <translation>验证报告</translation>
    </message>
    <message>
        <source>PDF reports (*.pdf *.PDF)</source>
        <translation>PDF 报告 (*.pdf *.PDF)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>VerifyPanel</name>
    <message>
        <source>Signer</source>
        <translation>签署人</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <source>Intact</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>Trusted</source>
        <translation>可信</translation>
    </message>
    <message>
        <source>Changes after</source>
        <translation>签署后的改动</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>允许</translation>
    </message>
    <message>
        <source>As stated by the signer&apos;s computer (local time)</source>
        <translation>签署人电脑记录的时间（本地时间）</translation>
    </message>
    <message>
        <source>The signed content is exactly as it was signed</source>
        <translation>签署的内容与签署时完全一致</translation>
    </message>
    <message>
        <source>The certificate was issued by the head-office CA and may sign</source>
        <translation>证书由总行认证中心签发，且允许签署</translation>
    </message>
    <message>
        <source>What was changed in the file after this signature</source>
        <translation>此签名之后文件中有哪些改动</translation>
    </message>
    <message>
        <source>Certified by %1 (%2); changes allowed after it: %3.</source>
        <translation>由 %1（%2）认证签名；其后允许的改动：%3。</translation>
    </message>
    <message>
        <source>The report is not certified.</source>
        <translation>报告未经认证签名。</translation>
    </message>
    <message>
        <source>Not signed yet: %1</source>
        <translation>尚未签署：%1</translation>
    </message>
    <message>
        <source>Trust is checked at each signature&apos;s stated time against the head-office CA installed on this computer; revocation is not checked offline.</source>
        <translation>可信性按各签名自称的签署时间、以本机安装的总行根证书检查；离线时不检查证书吊销。</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <source>&amp;My loans only</source>
        <translation>只看我负责的(&amp;M)</translation>
    </message>
    <message>
        <source>Only the loans the current user is officer A or B of (Alt+M)</source>
        <translation>只显示当前用户担任A角或B角的贷款（Alt+M）</translation>
    </message>
</context>
<context>
    <name>WorkQueueView</name>
    <message>
        <source>All branches</source>
        <translation>全部机构</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reload the work queue (F5)</source>
        <translation>重新载入工作台 (F5)</translation>
    </message>
    <message>
        <source>Contract no.</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <source>Borrower</source>
        <translation>借款人</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Work queue — %1</source>
        <translation>工作台 — %1</translation>
    </message>
    <message>
        <source>Inspections overdue</source>
        <translation>逾期未检查</translation>
    </message>
    <message>
        <source>Inspections due today</source>
        <translation>今日到期检查</translation>
    </message>
    <message>
        <source>Inspections due this week</source>
        <translation>本周到期检查</translation>
    </message>
    <message numerus="yes">
        <source>Repayment reminders (instalment within %n day(s))</source>
        <translation>
            <numerusform>还款提醒（%n 天内到期的还款）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Maturity notices (loan matures within %n month(s))</source>
        <translation>
            <numerusform>到期提示（%n 个月内到期的贷款）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 overdue · %2 due today · %3 due this week · %4 reminders</source>
        <translation>逾期 %1 · 今日 %2 · 本周 %3 · 提醒 %4</translation>
    </message>
    <message>
        <source>— first %1 shown; use the loans view for all</source>
        <translation>— 仅显示前 %1 条，全部请到贷款台账查看</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) late</source>
        <translation>
            <numerusform>逾期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Remind borrower of instalment</source>
        <translation>提醒借款人还款</translation>
    </message>
    <message>
        <source>Send maturity notices</source>
        <translation>发送到期通知书</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
</context>
<context>
    <name>YesNoNaInput</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
</context>
</TS>
