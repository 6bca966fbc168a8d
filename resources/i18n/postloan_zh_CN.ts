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
</context>
<context>
    <name>ComboInput</name>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
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
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
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
