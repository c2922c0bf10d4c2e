import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CommitteeReportsService } from './committee-reports.service';
import { CreateReportDto } from './dto/create-report.dto';
import { ListReportsQuery } from './dto/list-reports.query';
import { ReportListResponse, ReportResponse } from './dto/report.response';
import { Permission } from '../auth';
import { IdParams } from '../common/validators';

@ApiTags('reports')
@Controller('committees/:id/reports')
export class CommitteeReportsController {
  constructor(private readonly reports: CommitteeReportsService) {}

  @Permission('meeting.schedule', { committee: 'param:id' })
  @Post()
  @ApiOperation({ summary: "Record a progress report or annual review; its period follows the committee's obligation" })
  @ApiCreatedResponse({ type: ReportResponse })
  @ApiNotFoundResponse({ description: 'code committee_not_found or meeting_not_found' })
  @ApiConflictResponse({ description: 'code report_already_recorded' })
  @ApiUnprocessableEntityResponse({ description: 'code no_report_obligation, outside_validity, period_not_started' })
  create(@Param() params: IdParams, @Body() dto: CreateReportDto): Promise<ReportResponse> {
    return this.reports.create(params.id, dto);
  }

  @Permission('meeting.read', { committee: 'param:id' })
  @Get()
  @ApiOperation({ summary: 'Reports by period, with the periods that lack theirs' })
  @ApiOkResponse({ type: ReportListResponse })
  list(@Param() params: IdParams, @Query() query: ListReportsQuery): Promise<ReportListResponse> {
    return this.reports.list(params.id, query.kind);
  }
}
